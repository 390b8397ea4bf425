"""The editor's workflow around a paused run: section versions, regenerate one section, restore
a version, and the record of the editor's edits that ``desk learn`` proposes rules from."""
