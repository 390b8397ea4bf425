"""Archive day 2026-04-24: inputs behind the issue "The infrastructure arms race is now...".

Wire and lab items marked ``used=True`` are reconstructed from the lead essay (one per story it
reports); the rest are same-day distractors the essay did not use. One distractor's title keeps
raw HTML, as a scraped aggregator feed sometimes does: the desk must escape and flag it, so
nothing in the data marks it. The essay notes that no new general-purpose agent framework was
trending, so no distractor repository is one.
"""

from __future__ import annotations

import datetime as dt

from evals.archive.items import DaySpec, IssuePaper, aa_row, news, paper, repo, swe_row

DATE = dt.date(2026, 4, 24)

ISSUE_PAPERS = [
    IssuePaper("paper-online-survival-bandit", "2604.20714",
               "Online Survival Analysis: A Bandit Approach under Cox PH Model", "stat.ML"),
    IssuePaper("paper-geometric-tempering", "2604.20388",
               "Properties and limitations of geometric tempering for gradient flow dynamics",
               "stat.ML"),
    IssuePaper("paper-decentralized-gibbs", "2604.20902",
               "Decentralized Machine Learning with Centralized Performance Guarantees via Gibbs "
               "Algorithms", "stat.ML"),
    IssuePaper("paper-symbolic-causal-identification", "2604.20561",
               "Efficient Symbolic Computations for Identifying Causal Effects", "stat.ML"),
    IssuePaper("paper-bayesian-softmax-moe", "2604.20147",
               "On Bayesian Softmax-Gated Mixture-of-Experts Models", "stat.ML"),
    IssuePaper("paper-sparse-ecological-networks", "2604.20833",
               "Sparse Network Inference under Imperfect Detection and its Application to "
               "Ecological Networks", "stat.ML"),
]

DISTRACTOR_PAPERS = [
    paper(
        "paper-agent-skill-libraries", "2604.20455",
        "Skill Libraries for Coding Agents: When Do Reusable Procedures Help?", "cs.SE",
        "Coding agents increasingly load curated skill files that describe procedures for common "
        "tasks. We evaluate four agents with and without skill libraries on 600 repository tasks "
        "and find that relevant skills raise success by 9 points, while irrelevant skills in the "
        "context cost 4 points. Retrieval of at most three skills per task captures most of the "
        "benefit.",
        DATE, used=False,
    ),
    paper(
        "paper-speculative-decoding-moe", "2604.20279",
        "Expert-Aware Speculative Decoding for Mixture-of-Experts Serving", "cs.LG",
        "Speculative decoding speeds up dense models but helps mixture-of-experts models less, "
        "because verifying draft tokens activates many experts. We schedule verification so "
        "draft tokens that route to the same experts are checked together, improving end-to-end "
        "throughput by 1.6 to 2.1 times on three open MoE models without changing outputs.",
        DATE, used=False,
    ),
    paper(
        "paper-satellite-methane-plumes", "2604.20611",
        "Detecting Methane Plumes from Gas Turbines in Sentinel-2 Imagery", "cs.CV",
        "On-site gas turbines at industrial facilities are a growing source of methane and CO2. "
        "We train a segmentation model on 3,100 labeled Sentinel-2 scenes to detect plumes at "
        "facility scale and validate it against airborne measurements, reaching an F1 of 0.81 "
        "for plumes above 500 kilograms per hour.",
        DATE, used=False,
    ),
]

AA_ROWS = [
    aa_row(1, "GPT-5.5", 60.2, None, 11.25, used=True),
    aa_row(2, "Claude Opus 4.7", 57.3, 58, 10.00, used=True),
    aa_row(3, "Gemini 3.1 Pro Preview", 57.2, 132, 4.50, used=True),
    aa_row(4, "GPT-5.4", 56.8, 80, 5.63, used=True),
    aa_row(5, "Kimi K2.6", 53.9, 123, 1.71, used=True),
    aa_row(6, "GPT-5.3 Codex", 53.6, 84, 4.81, used=False),
    aa_row(7, "Claude Opus 4.6", 53.0, 49, 10.00, used=False),
    aa_row(8, "Claude Sonnet 4.6", 51.7, 61, 6.00, used=False),
]

SWE_ROWS = [
    swe_row(1, "Claude Opus 4.6", 65.3, used=True),
    swe_row(2, "gpt-5.2-2025-12-11-medium", 64.4, used=True),
    swe_row(3, "GLM-5", 62.8, used=True),
    swe_row(4, "gpt-5.4-2026-03-05-medium", 62.8, used=True),
    swe_row(5, "GLM-5.1", 62.7, used=True),
    swe_row(6, "Gemini 3.1 Pro Preview", 62.3, used=False),
    swe_row(7, "Claude Sonnet 4.6", 61.6, used=False),
    swe_row(8, "Kimi K2.5", 58.9, used=False),
]

USED_NEWS = [
    news(
        "wire-meta-layoffs-10-percent-135b", "Bloomberg",
        "https://www.bloomberg.com/news/articles/2026-04-23/meta-to-cut-10-of-workforce-as-ai-spending-soars",
        "2026-04-23T14:30",
        "Meta to cut 10% of workforce as AI data center spending soars",
        "Meta Platforms plans to lay off about 10% of its employees to offset as much as "
        "$135 billion in capital spending on AI data centers this year, according to people "
        "familiar with the plans.",
        used=True,
        also=(("Reuters", "https://www.reuters.com/technology/meta-plans-layoffs-2026-04-23/"),),
    ),
    news(
        "wire-microsoft-140b-ai-investment", "CNBC",
        "https://www.cnbc.com/2026/04/23/microsoft-140-billion-ai-investment.html",
        "2026-04-23T21:05",
        "Microsoft commits $140 billion to AI investment",
        "Microsoft said it will invest $140 billion in AI infrastructure and related spending, "
        "as it races to add data center capacity for Azure and OpenAI workloads.",
        used=True,
    ),
    news(
        "wire-ai-datacenters-129m-tons-emissions", "The Guardian",
        "https://www.theguardian.com/technology/2026/apr/23/ai-data-centres-greenhouse-gas-emissions",
        "2026-04-23T16:00",
        "Planned AI data centers could emit 129 million tons of greenhouse gases a year",
        "Data centers planned by OpenAI, xAI and other AI companies would emit about 129 million "
        "tons of greenhouse gases annually once running, largely from on-site gas turbines, "
        "according to an analysis of permit filings.",
        used=True,
    ),
    news(
        "wire-ai-startup-consolidation", "Bloomberg",
        "https://www.bloomberg.com/news/articles/2026-04-23/ai-spending-spree-fuels-wave-of-startup-sales",
        "2026-04-23T12:10",
        "Big Tech's AI spending spree pushes smaller model makers to sell",
        "Smaller AI model developers are increasingly selling themselves to larger rivals and "
        "cloud providers as the cost of training and serving frontier models climbs, bankers and "
        "investors said.",
        used=True,
    ),
    news(
        "lab-openai-gpt-5-5", "OpenAI",
        "https://openai.com/index/introducing-gpt-5-5/", "2026-04-23T17:00",
        "Introducing GPT-5.5",
        "OpenAI released GPT-5.5, its new frontier model for coding and knowledge work, in "
        "ChatGPT and in Codex, where it becomes the default model for agentic tasks.",
        used=True, org="OpenAI",
    ),
    news(
        "lab-openai-workspace-agents", "OpenAI",
        "https://openai.com/index/introducing-workspace-agents-in-chatgpt/", "2026-04-23T17:05",
        "Introducing workspace agents in ChatGPT",
        "OpenAI added workspace agents to ChatGPT Business and Enterprise, letting teams build "
        "shared agents that connect to company apps and run recurring tasks on a schedule.",
        used=True, org="OpenAI",
    ),
    news(
        "lab-openai-codex-automations-plugins-skills", "OpenAI",
        "https://openai.com/index/codex-for-knowledge-work/", "2026-04-23T17:10",
        "Codex for knowledge work: automations, plugins and skills",
        "OpenAI expanded Codex beyond coding with automations, plugins, reusable skills and "
        "structured task execution, positioning the app as a workspace for automating knowledge "
        "work with GPT-5.5.",
        used=True, org="OpenAI",
    ),
    news(
        "lab-nvidia-codex-gb200", "NVIDIA",
        "https://blogs.nvidia.com/blog/openai-codex-gpt-5-5-gb200-nvl72/", "2026-04-23T18:00",
        "OpenAI's Codex with GPT-5.5 runs on NVIDIA GB200 NVL72 systems",
        "NVIDIA said OpenAI's Codex, now powered by GPT-5.5, is served on NVIDIA GB200 NVL72 "
        "rack-scale systems, and that NVIDIA engineering teams use Codex internally.",
        used=True, org="NVIDIA",
    ),
    news(
        "lab-microsoft-foundry-hosted-agents", "Microsoft",
        "https://azure.microsoft.com/en-us/blog/hosted-agents-in-foundry-agent-service/",
        "2026-04-23T16:00",
        "Hosted agents arrive in Microsoft Foundry Agent Service",
        "Microsoft added hosted agents to Foundry Agent Service, so developers can deploy agents "
        "built with Microsoft Agent Framework, LangGraph or their own code on managed Azure "
        "infrastructure.",
        used=True, org="Microsoft",
    ),
    news(
        "lab-google-gemini-enterprise-app-update", "Google",
        "https://blog.google/products/google-cloud/gemini-enterprise-app-update/",
        "2026-04-23T15:00",
        "An updated Gemini Enterprise app for every employee",
        "Google launched an updated Gemini Enterprise app with a redesigned agent gallery, deeper "
        "Google Workspace integration and no-code agent building for business users.",
        used=True, org="Google",
    ),
    news(
        "lab-google-gemini-enterprise-agent-platform", "Google Cloud",
        "https://cloud.google.com/blog/products/ai-machine-learning/introducing-gemini-enterprise-agent-platform",
        "2026-04-23T15:05",
        "Introducing Gemini Enterprise Agent Platform",
        "Google Cloud launched Gemini Enterprise Agent Platform for building, deploying and "
        "governing agents at scale, released the same day as the updated Gemini Enterprise app.",
        used=True, org="Google",
    ),
    news(
        "wire-uk-banks-seek-mythos-access", "Financial Times",
        "https://www.ft.com/content/9e1f3a7b-2c4d-4f6e-8a1b-3c5d7e9f1a2b", "2026-04-23T19:30",
        "UK banks seek access to Anthropic's Mythos as cyber fears mount",
        "Several UK banks have asked Anthropic for access to Mythos Preview after the model's "
        "ability to find software vulnerabilities alarmed financial institutions and their "
        "regulators.",
        used=True,
    ),
    news(
        "wire-langchain-agent-authorization", "VentureBeat",
        "https://venturebeat.com/security/why-ai-agents-break-enterprise-authorization/",
        "2026-04-23T18:20",
        "Why AI agents break enterprise authorization models",
        "An enterprise that put a LangChain-based research agent through preproduction review "
        "found its access controls assumed a fixed, versioned piece of software, while the "
        "agent's behavior shifted with every prompt and tool call.",
        used=True,
    ),
    news(
        "wire-developers-ai-tools-job-fears", "The Register",
        "https://www.theregister.com/2026/04/23/developer_survey_ai_job_fears/",
        "2026-04-23T13:15",
        "Developers embrace AI coding tools even as they fear for their jobs",
        "Most developers in a new survey use AI coding assistants daily and report measurable "
        "productivity gains, while a growing share worry that the same tools will eliminate "
        "their jobs.",
        used=True,
    ),
    news(
        "lab-huggingface-transformersjs-chrome-extension", "Hugging Face",
        "https://huggingface.co/blog/transformersjs-chrome-extension", "2026-04-23T14:00",
        "Running transformers in the browser with a Chrome extension",
        "Hugging Face published a guide to running transformer models entirely in the browser "
        "with Transformers.js inside Chrome extensions, using WebGPU so inference happens on the "
        "user's device rather than a server.",
        used=True, org="Hugging Face",
    ),
]

DISTRACTOR_NEWS = [
    news(
        "wire-sk-hynix-record-profit", "Reuters",
        "https://www.reuters.com/technology/sk-hynix-posts-record-quarterly-profit-2026-04-23/",
        "2026-04-23T23:30",
        "SK Hynix posts record quarterly profit as HBM sales surge",
        "SK Hynix reported record first-quarter operating profit on strong sales of high-bandwidth "
        "memory to Nvidia and other AI chipmakers, and said its 2026 HBM supply is sold out.",
        used=False,
    ),
    news(
        "wire-mistral-funding-talks", "Bloomberg",
        "https://www.bloomberg.com/news/articles/2026-04-23/mistral-ai-in-talks-for-new-funding",
        "2026-04-23T11:40",
        "Mistral AI in talks to raise funds at about $25 billion valuation",
        "French AI developer Mistral AI is in talks with investors about a funding round that "
        "would value it at roughly $25 billion, people familiar with the matter said.",
        used=False,
    ),
    news(
        "wire-decagon-funding", "TechCrunch",
        "https://techcrunch.com/2026/04/23/decagon-raises-250-million/", "2026-04-23T13:00",
        "Decagon raises $250 million for customer service agents",
        "Decagon, which sells AI agents that handle customer support conversations, raised "
        "$250 million at a $4.5 billion valuation.",
        used=False,
    ),
    news(
        "wire-apple-wwdc-siri-gemini", "The Verge",
        "https://www.theverge.com/news/2026/4/23/apple-wwdc-siri-gemini", "2026-04-23T20:10",
        "Apple's WWDC will center on a Gemini-powered Siri",
        "Apple plans to make a rebuilt Siri, running on a custom Google Gemini model, the "
        "centerpiece of its developer conference in June.",
        used=False,
    ),
    news(
        "wire-tesla-optimus-production", "CNBC",
        "https://www.cnbc.com/2026/04/23/tesla-optimus-production-musk.html", "2026-04-23T22:15",
        "Musk says Tesla will start Optimus robot production this summer",
        "Tesla CEO Elon Musk said the company will begin low-volume production of its Optimus "
        "humanoid robot at its Fremont factory this summer.",
        used=False,
    ),
    news(
        "wire-ftc-companion-apps-inquiry", "Ars Technica",
        "https://arstechnica.com/tech-policy/2026/04/ftc-ai-companion-apps-data-inquiry/",
        "2026-04-23T17:35",
        "FTC orders AI companion apps to explain how they use chat data",
        "The Federal Trade Commission sent orders to seven companies that run AI companion apps, "
        "asking how they store, use and monetize users' conversations.",
        used=False,
    ),
    news(
        "wire-eu-sovereign-cloud-tender", "The Register",
        "https://www.theregister.com/2026/04/23/eu_sovereign_cloud_tender/", "2026-04-23T12:25",
        "EU opens sovereign cloud tender that favors European providers",
        "The European Commission opened a tender for cloud and AI services for EU institutions "
        "that scores bidders on control of their infrastructure by European companies.",
        used=False,
    ),
    news(
        "wire-chatgpt-ads-expansion", "Wired",
        "https://www.wired.com/story/chatgpt-ads-expansion/", "2026-04-23T15:40",
        "Ads in ChatGPT are spreading to more countries",
        "OpenAI is expanding advertising in the free and Go tiers of ChatGPT to users in Europe "
        "and Asia after a test in the United States.",
        used=False,
    ),
    news(
        "wire-eu-ai-act-high-risk-delay", "Financial Times",
        "https://www.ft.com/content/5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "2026-04-24T05:45",
        "EU lawmakers back delay to AI Act rules for high-risk systems",
        "A European Parliament committee backed postponing obligations for high-risk AI systems "
        "by up to 16 months, part of a package to simplify EU digital rules.",
        used=False,
    ),
    news(
        "wire-hn-sandboxed-shell-agents", "Hacker News",
        "https://news.ycombinator.com/item?id=47851377", "2026-04-24T02:05",
        "Show HN: <b>Sandboxed</b> shell for coding agents <script>alert(1)</script>",
        "An open-source tool that gives coding agents a disposable shell with network and "
        "filesystem limits reached 318 points.",
        used=False,
    ),
    news(
        "lab-anthropic-claude-chrome-ga", "Anthropic",
        "https://www.anthropic.com/news/claude-for-chrome-general-availability",
        "2026-04-23T16:30",
        "Claude for Chrome is now available on all paid plans",
        "Anthropic made its Claude for Chrome browsing extension available to all paid "
        "subscribers, with new site-level permissions and defenses against prompt injection.",
        used=False, org="Anthropic",
    ),
    news(
        "lab-meta-ai-glasses-update", "Meta",
        "https://about.fb.com/news/2026/04/meta-ai-glasses-live-ai-update/", "2026-04-23T17:20",
        "Live AI on Meta's glasses gets longer sessions and new languages",
        "Meta updated Live AI on its Ray-Ban and Oakley smart glasses with longer continuous "
        "sessions and support for Spanish, French and Italian.",
        used=False, org="Meta",
    ),
    news(
        "lab-nvidia-servicenow-agents", "NVIDIA",
        "https://blogs.nvidia.com/blog/servicenow-apriel-agents/", "2026-04-23T19:00",
        "ServiceNow and NVIDIA release an open reasoning model for IT agents",
        "ServiceNow and NVIDIA released an updated open Apriel reasoning model, trained with "
        "NVIDIA NeMo, for agents that resolve IT and HR tickets.",
        used=False, org="NVIDIA",
    ),
    news(
        "lab-amd-rocm-windows-radeon", "AMD",
        "https://www.amd.com/en/blogs/2026/rocm-windows-radeon-pytorch.html", "2026-04-23T20:00",
        "ROCm brings PyTorch to Radeon GPUs on Windows",
        "AMD released ROCm support for PyTorch on Windows for Radeon RX 9000 series graphics "
        "cards and Ryzen AI Max processors.",
        used=False, org="AMD",
    ),
    news(
        "lab-mistral-medium-update", "Mistral AI",
        "https://mistral.ai/news/mistral-medium-3-5", "2026-04-24T07:30",
        "Mistral Medium 3.5",
        "Mistral AI released Mistral Medium 3.5, a multimodal model for enterprise deployments "
        "priced at $0.40 per million input tokens.",
        used=False, org="Mistral AI",
    ),
    news(
        "lab-huggingface-hub-storage-buckets", "Hugging Face",
        "https://huggingface.co/blog/storage-buckets", "2026-04-23T15:30",
        "Storage buckets on the Hugging Face Hub",
        "Hugging Face added mutable storage buckets to the Hub for checkpoints and intermediate "
        "training artifacts that do not need version control.",
        used=False, org="Hugging Face",
    ),
    news(
        "lab-deepseek-inference-engine-open-source", "DeepSeek",
        "https://api-docs.deepseek.com/news/news260424", "2026-04-24T03:00",
        "DeepSeek open-sources parts of its inference engine",
        "DeepSeek released components of its internal inference engine, including expert-"
        "parallel communication kernels, under the MIT license.",
        used=False, org="DeepSeek",
    ),
]

REPOS = [
    repo("cline/cline",
         "Autonomous coding agent in your IDE that creates and edits files, runs commands and "
         "uses the browser with your permission, with built-in context-window optimization.",
         412, used=True, language="TypeScript"),
    repo("VoltAgent/awesome-agent-skills",
         "Claude Code Skills and 1000+ agent skills from official dev teams and the community, "
         "compatible with Codex, Antigravity, Gemini CLI, Cursor and others.",
         1187, used=True),
    repo("mudler/LocalAI",
         "The free, Open Source alternative to OpenAI, Claude and others. Self-hosted and "
         "local-first. Drop-in replacement, running on consumer-grade hardware. No GPU required.",
         486, used=True, language="Go"),
    repo("wuwangzhang1216/abliterix",
         "Automated abliteration for any transformer model: an Optuna search that co-minimizes "
         "refusals and KL divergence, with 150+ pre-built model configs.",
         338, used=True, language="Python"),
    repo("fim-ai/fim-one",
         "AI-Powered Connector Hub: embed into one system as a Copilot, or connect them all as "
         "a Hub.",
         247, used=True, language="Python"),
    repo("HumanSignal/label-studio",
         "Label Studio is a multi-type data labeling and annotation tool with standardized "
         "output format",
         194, used=True, language="Python"),
    repo("unslothai/unsloth",
         "Fine-tuning & Reinforcement Learning for LLMs. Train OpenAI gpt-oss, DeepSeek, Qwen, "
         "Llama, Gemma, TTS 2x faster with 70% less VRAM.",
         231, used=False, language="Python"),
    repo("docling-project/docling", "Get your documents ready for gen AI", 176, used=False,
         language="Python"),
    repo("open-webui/open-webui",
         "User-friendly AI Interface (Supports Ollama, OpenAI API, ...)", 158, used=False,
         language="JavaScript"),
    repo("ggml-org/llama.cpp", "LLM inference in C/C++", 149, used=False, language="C++"),
]

ISSUE_NOTES = (
    "Artificial Analysis row 1 '1GPT-5.560.20$11.25' = GPT-5.5, score 60.2, speed 0 (not "
    "measured, stored as null), $11.25; row 5 '5Kimi K2.653.9123$1.71' = 53.9, 123 tok/s. The "
    "flattened page did not capture the AI Labs, From the Wire or Trending bodies. Trending ids "
    "are the repositories the essay names (Cline, VoltAgent's 1000+ agent skills, LocalAI, "
    "abliterix, fim-ai/fim-one) plus HumanSignal/label-studio for the essay's 'data annotation "
    "and curation' line, which names no repository."
)

DAY = DaySpec(
    date=DATE,
    papers_heading="Research Papers — Focused",
    issue_papers=ISSUE_PAPERS,
    distractor_papers=DISTRACTOR_PAPERS,
    aa_rows=AA_ROWS,
    swe_rows=SWE_ROWS,
    news=USED_NEWS + DISTRACTOR_NEWS,
    repos=REPOS,
    trending_ids=[
        "repo-cline-cline", "repo-voltagent-awesome-agent-skills", "repo-mudler-localai",
        "repo-wuwangzhang1216-abliterix", "repo-fim-ai-fim-one", "repo-humansignal-label-studio",
    ],
    issue_notes=ISSUE_NOTES,
)
