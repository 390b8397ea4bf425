"""Archive day 2026-04-07: inputs behind the issue "OpenAI is moving upstream into policy...".

Wire and lab items marked ``used=True`` are reconstructed from the lead essay (one per story it
reports); the rest are same-day distractors the essay did not use.
"""

from __future__ import annotations

import datetime as dt

from evals.archive.items import DaySpec, IssuePaper, aa_row, news, paper, repo, swe_row

DATE = dt.date(2026, 4, 7)

ISSUE_PAPERS = [
    IssuePaper("paper-pro-cua", "2604.04512",
               "PRO-CUA: Process-Reward Optimization for Computer Use Agents", "cs.AI"),
    IssuePaper("paper-confidence-shortcut", "2604.04388",
               "The Confidence Shortcut: A Reasoning Failure Mode of Masked Diffusion Models",
               "cs.AI"),
    IssuePaper("paper-agentic-technical-debt", "2604.04127",
               "Governing Technical Debt in Agentic AI Systems", "cs.AI"),
    IssuePaper("paper-better-later-than-sooner", "2604.04603",
               "Better Later Than Sooner: Neuro-Symbolic Knowledge Graph Construction via "
               "Ontology-grounded Post-extraction Correction", "cs.AI"),
    IssuePaper("paper-defi-investment-agents", "2604.03981",
               "Paper Agents, Paper Gains: An Empirical Analysis of DeFi Investment Agents",
               "cs.AI"),
    IssuePaper("paper-reasonops", "2604.04755",
               "ReasonOps: Operator Segmentation for LLM Reasoning Traces", "cs.AI"),
]

DISTRACTOR_PAPERS = [
    paper(
        "paper-retrieval-heads-long-context", "2604.04219",
        "Sparse Retrieval Heads Predict Long-Context Failure in Open-Weight Language Models",
        "cs.CL",
        "Long-context language models often fail to use information that is present in their "
        "input. We identify a small set of attention heads whose retrieval scores on synthetic "
        "needle tasks predict downstream long-context accuracy across 14 open-weight models. "
        "Ablating fewer than 2% of heads reduces multi-document question answering accuracy by up "
        "to 31 points, while amplifying them recovers part of the loss on documents longer than "
        "64K tokens. We release the probes and evaluation code.",
        DATE, used=False,
    ),
    paper(
        "paper-curriculum-small-code-models", "2604.04066",
        "Curriculum Mixing for Small Code Models", "cs.LG",
        "We study how the order and mixture of code, mathematics and natural-language data affect "
        "code models with 0.5B to 3B parameters. A two-stage curriculum that front-loads "
        "permissively licensed repository code and anneals on execution-verified solutions "
        "improves pass@1 on HumanEval+ and MBPP+ by 4 to 7 points over uniform mixing at equal "
        "compute. The gains persist after instruction tuning and are largest for the smallest "
        "models.",
        DATE, used=False,
    ),
    paper(
        "paper-event-camera-drone-vit", "2604.04331",
        "Event-Based Vision Transformers for Low-Power Drone Navigation", "cs.CV",
        "Event cameras report per-pixel brightness changes with microsecond latency, which suits "
        "fast, power-constrained drones. We propose a sparse vision transformer that consumes "
        "event streams directly and runs on a 5-watt embedded module. In closed-loop flight "
        "through cluttered indoor courses it matches a frame-based baseline's success rate while "
        "using 3.4 times less energy per inference.",
        DATE, used=False,
    ),
]

AA_ROWS = [
    aa_row(1, "GPT-5.4", 57.2, 82, 5.63, used=True),
    aa_row(2, "Gemini 3.1 Pro Preview", 57.2, 142, 4.50, used=True),
    aa_row(3, "GPT-5.3 Codex", 54, 81, 4.81, used=True),
    aa_row(4, "Claude Opus 4.6", 53, 54, 10.00, used=True),
    aa_row(5, "Claude Sonnet 4.6", 51.7, 66, 6.00, used=True),
    aa_row(6, "GLM-5", 49.8, 71, 1.55, used=False),
    aa_row(7, "Grok 4.20", 48.5, 204, 3.00, used=False),
    aa_row(8, "Kimi K2.5", 46.8, 44, 1.20, used=False),
]

SWE_ROWS = [
    swe_row(1, "Claude Opus 4.6", 65.3, used=True),
    swe_row(2, "gpt-5.2-2025-12-11-medium", 64.4, used=True),
    swe_row(3, "GLM-5", 62.8, used=True),
    swe_row(4, "gpt-5.4-2026-03-05-medium", 62.8, used=True),
    swe_row(5, "Gemini 3.1 Pro Preview", 62.3, used=True),
    swe_row(6, "Claude Sonnet 4.6", 61.6, used=False),
    swe_row(7, "Kimi K2.5", 58.9, used=False),
    swe_row(8, "DeepSeek-V3.2", 56.1, used=False),
]

USED_NEWS = [
    news(
        "lab-openai-policy-agenda", "OpenAI",
        "https://openai.com/index/policy-agenda-for-the-intelligence-age/", "2026-04-06T16:00",
        "A policy agenda for the intelligence age",
        "OpenAI published a set of policy proposals for governments and public institutions and "
        "said it is expanding its global affairs team to work directly with legislators, "
        "universities and standards bodies. The company framed the effort as helping institutions "
        "prepare for more capable AI systems.",
        used=True, org="OpenAI",
    ),
    news(
        "wire-generalist-gen1-99-percent", "TechCrunch",
        "https://techcrunch.com/2026/04/06/generalist-ai-gen-1-robotics-model/",
        "2026-04-06T15:30",
        "Generalist AI's GEN-1 robot model completes unseen tasks with 99 percent reliability",
        "Robotics startup Generalist AI said its GEN-1 foundation model completed manipulation "
        "tasks it had never been trained on with 99 percent reliability in the company's trials. "
        "The model was trained on large volumes of real-world physical interaction data "
        "collected by Generalist's own fleet.",
        used=True,
    ),
    news(
        "wire-ai-energy-100x-accuracy", "ScienceDaily",
        "https://www.sciencedaily.com/releases/2026/04/260406141512.htm", "2026-04-06T18:15",
        "New approach cuts AI energy use 100x and improves accuracy",
        "University researchers report a neuro-symbolic training method that reduces the energy "
        "needed to train and run AI models by 100x while improving accuracy on structured "
        "reasoning benchmarks compared with standard deep networks.",
        used=True,
    ),
    news(
        "wire-data-centers-missile-risk", "The Register",
        "https://www.theregister.com/2026/04/06/datacenter_missile_risk/", "2026-04-06T13:20",
        "Datacenters were never built to survive missiles",
        "Missile and drone strikes on Gulf infrastructure have exposed how vulnerable data "
        "centers are to military attack. Operators and insurers are now pricing hardened sites and "
        "geographic redundancy into AI capacity plans.",
        used=True,
    ),
    news(
        "wire-north-korea-npm-compromise", "BleepingComputer",
        "https://www.bleepingcomputer.com/news/security/north-korean-hackers-compromise-npm-package/",
        "2026-04-06T20:05",
        "North Korean hackers compromise popular npm package in supply-chain attack",
        "Hackers linked to North Korea hijacked a maintainer account and published malicious "
        "versions of a widely used npm package that installed a remote-access trojan on developer "
        "machines. The npm registry pulled the versions and users are urged to rotate credentials.",
        used=True,
    ),
    news(
        "wire-anthropic-security-tool-cve", "The Register",
        "https://www.theregister.com/2026/04/06/anthropic_claude_code_security_cve/",
        "2026-04-06T17:45",
        "Anthropic patches CVE in its own Claude Code security review tool",
        "Anthropic fixed a vulnerability, assigned a CVE identifier, in the Claude Code "
        "security-review tool it offers for finding bugs in customers' code. A crafted repository "
        "could trigger command execution when the tool scanned it.",
        used=True,
    ),
    news(
        "wire-intel-advanced-packaging", "Reuters",
        "https://www.reuters.com/technology/intel-doubles-down-advanced-chip-packaging-2026-04-06/",
        "2026-04-06T14:10",
        "Intel doubles down on advanced chip packaging as AI customers line up",
        "Intel is expanding capacity for its EMIB and Foveros advanced packaging technologies, "
        "betting that assembling other companies' AI chips can win customers its leading-edge "
        "foundry business has struggled to sign.",
        used=True,
    ),
    news(
        "wire-xoople-130m", "TechCrunch",
        "https://techcrunch.com/2026/04/06/xoople-raises-130-million-to-map-the-earth-for-ai/",
        "2026-04-06T12:00",
        "Xoople raises $130 million to map the Earth for AI",
        "Spanish startup Xoople has raised $130 million to build a satellite constellation and "
        "data platform that maps the Earth's surface for AI uses, including siting data centers, "
        "power lines and other infrastructure.",
        used=True,
    ),
    news(
        "wire-samsung-record-profit-forecast", "Reuters",
        "https://www.reuters.com/technology/samsung-forecasts-record-quarterly-profit-2026-04-06/",
        "2026-04-06T23:40",
        "Samsung forecasts record quarterly profit on AI memory demand",
        "Samsung Electronics forecast a record first-quarter operating profit, driven by surging "
        "prices for the memory chips used in AI data centers, including high-bandwidth memory.",
        used=True,
    ),
    news(
        "wire-tech-sector-15000-jobs-march", "CNBC",
        "https://www.cnbc.com/2026/04/06/tech-sector-jobs-march-comptia.html", "2026-04-06T19:30",
        "U.S. tech sector shed 15,000 jobs in March, CompTIA says",
        "Employers in the U.S. technology sector cut 15,000 jobs in March, according to CompTIA's "
        "analysis of Labor Department data, as companies shift budgets toward AI infrastructure.",
        used=True,
    ),
    news(
        "wire-zero-shot-fund-100m", "TechCrunch",
        "https://techcrunch.com/2026/04/06/openai-alums-launch-zero-shot-fund/", "2026-04-06T16:40",
        "OpenAI alums launch Zero Shot, a $100 million fund for AI infrastructure startups",
        "A group of former OpenAI employees launched Zero Shot, a venture fund that aims to raise "
        "$100 million to back startups building the infrastructure and developer tools layer "
        "beneath AI applications.",
        used=True,
    ),
    news(
        "lab-amd-kernel-optimization-guide", "AMD ROCm Blogs",
        "https://rocm.blogs.amd.com/software-tools-optimization/kernel-optimization-guide/"
        "README.html",
        "2026-04-06T15:00",
        "A practical guide to GPU kernel optimization on AMD Instinct MI355X",
        "AMD published a step-by-step guide to profiling and tuning HIP and Triton kernels for "
        "Instinct MI355X GPUs, covering memory coalescing, LDS usage and occupancy.",
        used=True, org="AMD",
    ),
    news(
        "lab-amd-inference-acceleration", "AMD ROCm Blogs",
        "https://rocm.blogs.amd.com/artificial-intelligence/speculative-decoding-vllm/README.html",
        "2026-04-06T21:00",
        "Accelerating LLM inference on AMD Instinct GPUs with speculative decoding",
        "AMD detailed inference acceleration techniques for Instinct GPUs that combine speculative "
        "decoding, FP8 KV caches and AITER kernels in vLLM to raise serving throughput for large "
        "mixture-of-experts models.",
        used=True, org="AMD",
    ),
    news(
        "lab-anthropic-google-broadcom-compute", "Anthropic",
        "https://www.anthropic.com/news/google-broadcom-partnership-compute", "2026-04-06T17:00",
        "Expanding our compute partnerships with Google and Broadcom",
        "Anthropic signed agreements with Google and Broadcom for multiple gigawatts of "
        "next-generation TPU capacity, extending its compute partnerships with both companies at "
        "scale as demand for Claude grows.",
        used=True, org="Anthropic",
    ),
]

DISTRACTOR_NEWS = [
    news(
        "wire-mistral-datacenter-debt", "Bloomberg",
        "https://www.bloomberg.com/news/articles/2026-04-06/mistral-ai-lines-up-debt-for-paris-data-center",
        "2026-04-06T11:50",
        "Mistral AI lines up debt financing for data center near Paris",
        "Mistral AI is arranging about $830 million in debt to fund a data center south of Paris, "
        "people familiar with the matter said, as the French startup builds its own compute.",
        used=False,
    ),
    news(
        "wire-perplexity-comet-iphone", "The Verge",
        "https://www.theverge.com/news/2026/4/6/perplexity-comet-browser-iphone", "2026-04-06T16:05",
        "Perplexity's Comet browser and its agent arrive on iPhone",
        "Perplexity released its Comet browser for iOS, bringing the built-in assistant that can "
        "fill out forms and complete purchases on the user's behalf to mobile.",
        used=False,
    ),
    news(
        "wire-eu-gpai-code-enforcement", "Reuters",
        "https://www.reuters.com/technology/eu-ai-office-guidance-general-purpose-models-2026-04-06/",
        "2026-04-06T12:55",
        "EU AI Office publishes enforcement guidance for general-purpose model rules",
        "The European Commission's AI Office set out how it will check compliance with the AI "
        "Act's obligations for general-purpose AI models, ahead of enforcement powers that begin "
        "in August.",
        used=False,
    ),
    news(
        "wire-harvey-funding", "TechCrunch",
        "https://techcrunch.com/2026/04/06/harvey-raises-at-11-billion-valuation/",
        "2026-04-06T13:00",
        "Legal AI startup Harvey raises $200 million at an $11 billion valuation",
        "Harvey, which sells AI tools to law firms and corporate legal departments, raised "
        "$200 million in a round that values it at $11 billion, up from $8 billion in December.",
        used=False,
    ),
    news(
        "wire-cerebras-ipo-refiling", "CNBC",
        "https://www.cnbc.com/2026/04/06/cerebras-refiles-for-ipo.html", "2026-04-06T21:15",
        "Cerebras refiles for IPO months after withdrawing its first attempt",
        "AI chipmaker Cerebras Systems filed again to go public on the Nasdaq, after pulling an "
        "earlier listing plan while a U.S. national security review of an investment was pending.",
        used=False,
    ),
    news(
        "wire-ai-code-security-flaws-study", "Ars Technica",
        "https://arstechnica.com/ai/2026/04/ai-coding-assistants-security-flaws-study/",
        "2026-04-06T18:40",
        "AI coding assistants still write insecure code nearly half the time, study finds",
        "Researchers who tested code from popular AI assistants on 80 security-sensitive tasks "
        "found known vulnerability patterns in 45 percent of the generated samples, with little "
        "improvement in newer models.",
        used=False,
    ),
    news(
        "wire-copilot-outage-outlook-teams", "The Register",
        "https://www.theregister.com/2026/04/06/microsoft_copilot_outage/", "2026-04-06T22:30",
        "Microsoft 365 Copilot outage hits Outlook and Teams users for five hours",
        "Microsoft confirmed that a configuration change caused Copilot features in Outlook, "
        "Teams and Word to fail for about five hours across Europe and North America.",
        used=False,
    ),
    news(
        "wire-transformer-shortage-datacenters", "Wired",
        "https://www.wired.com/story/ai-data-centers-electrical-transformer-shortage/",
        "2026-04-06T14:00",
        "The AI boom's newest bottleneck: electrical transformers",
        "Lead times for large power transformers have stretched past three years, delaying grid "
        "connections for new AI data centers and pushing developers toward on-site generation.",
        used=False,
    ),
    news(
        "wire-hospitals-small-models", "MIT Technology Review",
        "https://www.technologyreview.com/2026/04/06/hospitals-small-language-models/",
        "2026-04-06T15:10",
        "Hospitals are quietly switching to small language models",
        "Health systems that piloted large hosted models for clinical notes are moving to smaller "
        "models run on their own servers, citing cost, latency and patient-privacy rules.",
        used=False,
    ),
    news(
        "lab-deepmind-gemini-robotics-er", "Google DeepMind",
        "https://deepmind.google/discover/blog/gemini-robotics-er-spatial-reasoning-update/",
        "2026-04-06T16:30",
        "Gemini Robotics-ER update improves spatial reasoning for robot planners",
        "Google DeepMind updated its Gemini Robotics-ER embodied reasoning model with better "
        "pointing, object tracking and multi-step task planning, available to developers through "
        "the Gemini API.",
        used=False, org="Google DeepMind",
    ),
    news(
        "lab-huggingface-vlm-ocr-trl", "Hugging Face",
        "https://huggingface.co/blog/fine-tune-vlm-ocr-trl", "2026-04-06T14:45",
        "Fine-tuning open vision-language models for document OCR with TRL",
        "A Hugging Face tutorial walks through fine-tuning a small open vision-language model on "
        "scanned invoices and forms with TRL, and compares the result with dedicated OCR "
        "pipelines.",
        used=False, org="Hugging Face",
    ),
    news(
        "lab-nvidia-nemotron-speech", "NVIDIA",
        "https://blogs.nvidia.com/blog/nemotron-speech-asr-models/", "2026-04-06T17:20",
        "NVIDIA releases open Nemotron speech recognition models covering 25 languages",
        "NVIDIA released open Nemotron automatic speech recognition models that transcribe 25 "
        "languages and are tuned for low-latency streaming on its GPUs.",
        used=False, org="NVIDIA",
    ),
    news(
        "lab-microsoft-research-agent-safety-benchmark", "Microsoft Research",
        "https://www.microsoft.com/en-us/research/blog/benchmarking-agent-safety-in-enterprise-tools/",
        "2026-04-06T19:00",
        "Benchmarking agent safety in enterprise tools",
        "Microsoft Research introduced a benchmark of simulated email, calendar and file-sharing "
        "tasks that measures how often computer-use agents take harmful or unauthorized actions.",
        used=False, org="Microsoft",
    ),
    news(
        "lab-meta-llama-api-expansion", "Meta",
        "https://ai.meta.com/blog/llama-api-general-availability/", "2026-04-06T18:00",
        "Llama API opens to all developers",
        "Meta made its Llama API generally available, with fine-tuning and evaluation tools and "
        "hosted inference through partners including Cerebras and Groq.",
        used=False, org="Meta",
    ),
    news(
        "wire-hn-local-agent-sandbox", "Hacker News",
        "https://news.ycombinator.com/item?id=47651234", "2026-04-07T02:10",
        "Show HN: A local sandbox that records everything your coding agent does",
        "A developer shared an open-source tool that runs coding agents in a container and keeps "
        "a replayable log of every command and file change; the post reached 412 points.",
        used=False,
    ),
]

REPOS = [
    repo("ollama/ollama",
         "Get up and running with Kimi-K2.5, GLM-5, MiniMax, DeepSeek, gpt-oss, Qwen, Gemma and "
         "other models.",
         412, used=True, language="Go"),
    repo("block/goose",
         "an open source, extensible AI agent that goes beyond code suggestions - install, "
         "execute, edit, and test with any LLM",
         268, used=True, language="Rust"),
    repo("ggml-org/llama.cpp", "LLM inference in C/C++", 187, used=False, language="C++"),
    repo("oraios/serena",
         "A powerful coding agent toolkit providing semantic retrieval and editing capabilities "
         "(MCP server & other integrations)",
         233, used=False, language="Python"),
    repo("openclaw/openclaw",
         "Your own personal AI assistant. Any OS. Any Platform. The lobster way.",
         1024, used=False, language="TypeScript"),
    repo("langchain-ai/deepagents",
         "Deep Agents is an agent harness built on LangChain and LangGraph, with planning, a "
         "filesystem and subagents.",
         301, used=False, language="Python"),
    repo("NousResearch/hermes-agent", "The agent that grows with you", 356, used=False,
         language="Python"),
]

ISSUE_NOTES = (
    "Artificial Analysis cells disambiguated: '3GPT-5.3 Codex5481$4.81' = score 54, 81 tok/s; "
    "'4Claude Opus 4.65354$10.00' = Claude Opus 4.6, score 53, 54 tok/s; "
    "'2Gemini 3.1 Pro Preview57.2142$4.50' = score 57.2, 142 tok/s (scores carry at most one "
    "decimal). The essay's '2.8 percentage points' between first and fifth on SWE-rebench is "
    "the essay's own figure: the printed table gives 65.3 - 62.3 = 3.0. The flattened page did "
    "not capture the AI Labs and From the Wire section bodies, nor a Trending section; Ollama and "
    "Goose are named in the essay and mapped to ollama/ollama and block/goose."
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
    trending_ids=["repo-ollama-ollama", "repo-block-goose"],
    issue_notes=ISSUE_NOTES,
)
