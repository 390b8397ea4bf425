"""The simulated LLM server (Anthropic Messages and OpenAI Chat Completions on 127.0.0.1) that
the reliability suite and bench/run.py drive the desk against."""
