"""Archive day 2026-04-21: inputs behind the issue "The real economy of AI is no longer...".

Wire and lab items marked ``used=True`` are reconstructed from the lead essay (one per story it
reports); the rest are same-day distractors the essay did not use. The essay says no lab announced
a major capability breakthrough that day, so no distractor lab item is a frontier model launch.
"""

from __future__ import annotations

import datetime as dt

from evals.archive.items import DaySpec, IssuePaper, aa_row, news, paper, repo, swe_row

DATE = dt.date(2026, 4, 21)

ISSUE_PAPERS = [
    IssuePaper("paper-mathnet", "2604.17203",
               "MathNet: a Global Multimodal Benchmark for Mathematical Reasoning and Retrieval",
               "cs.AI"),
    IssuePaper("paper-sessa", "2604.16872", "Sessa: Selective State Space Attention", "cs.LG"),
    IssuePaper("paper-bounded-ratio-rl", "2604.17045", "Bounded Ratio Reinforcement Learning",
               "cs.LG"),
    IssuePaper("paper-bayesian-linguistic-forecaster", "2604.16518",
               "Agentic Forecasting using Sequential Bayesian Updating of Linguistic Beliefs",
               "cs.AI"),
    IssuePaper("paper-weak-supervision-reasoning", "2604.17311",
               "When Can LLMs Learn to Reason with Weak Supervision?", "cs.LG"),
    IssuePaper("paper-back-into-platos-cave", "2604.16950",
               "Back into Plato's Cave: Examining Cross-modal Representational Convergence at "
               "Scale", "cs.CV"),
]

DISTRACTOR_PAPERS = [
    paper(
        "paper-kv-cache-eviction-agents", "2604.16734",
        "Which Tokens Can an Agent Forget? KV-Cache Eviction for Long-Horizon Tool Use", "cs.CL",
        "Tool-using agents accumulate long interaction histories whose key-value caches dominate "
        "serving memory. We show that eviction policies designed for chat degrade badly on "
        "agent traces because tool outputs are referenced again many turns later. A policy that "
        "protects tokens cited in later tool calls keeps task success within 1.5 points of the "
        "full cache while storing 38% of it on three agent benchmarks.",
        DATE, used=False,
    ),
    paper(
        "paper-federated-speech-dialects", "2604.17088",
        "Federated Adaptation of Speech Recognizers to Regional Dialects", "eess.AS",
        "Speech recognizers trained on standard varieties perform poorly on regional dialects, "
        "yet dialect speech is often too sensitive to centralize. We adapt a pretrained "
        "recognizer across 120 simulated clients with federated low-rank updates and reduce word "
        "error rate on six dialect test sets by 18% relative, without sharing audio.",
        DATE, used=False,
    ),
    paper(
        "paper-sim2real-grasp-uncertainty", "2604.16611",
        "Uncertainty-Aware Sim-to-Real Transfer for Deformable Object Grasping", "cs.RO",
        "Grasping cloth and food items remains hard to transfer from simulation because contact "
        "dynamics are poorly modeled. We train an ensemble of grasp critics in randomized "
        "simulation and execute only grasps whose predicted success is confident across the "
        "ensemble. On a real two-arm platform this raises first-attempt success on unseen "
        "deformable objects from 61% to 79%.",
        DATE, used=False,
    ),
]

AA_ROWS = [
    aa_row(1, "Claude Opus 4.7", 57.3, 53, 10.00, used=True),
    aa_row(2, "Gemini 3.1 Pro Preview", 57.2, 130, 4.50, used=True),
    aa_row(3, "GPT-5.4", 56.8, 83, 5.63, used=True),
    aa_row(4, "Kimi K2.6", 53.9, 135, 1.71, used=True),
    aa_row(5, "GPT-5.3 Codex", 53.6, 90, 4.81, used=True),
    aa_row(6, "Claude Opus 4.6", 53.0, 51, 10.00, used=False),
    aa_row(7, "Claude Sonnet 4.6", 51.7, 63, 6.00, used=False),
    aa_row(8, "GLM-5.1", 50.6, 68, 1.55, used=False),
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
        "wire-amazon-anthropic-100b", "Reuters",
        "https://www.reuters.com/technology/amazon-anthropic-expand-ai-pact-100-billion-2026-04-20/",
        "2026-04-20T21:10",
        "Amazon, Anthropic expand AI pact in $100 billion compute commitment",
        "Amazon and Anthropic expanded their partnership in a deal worth $100 billion over the "
        "next decade, under which Anthropic will train and serve Claude on AWS and Amazon's "
        "Trainium chips. The capacity guarantee follows a string of Claude outages this year "
        "that Anthropic tied to compute constraints, and locks in cloud revenue for AWS.",
        used=True,
        also=(("CNBC", "https://www.cnbc.com/2026/04/20/amazon-anthropic-100-billion-deal.html"),),
    ),
    news(
        "wire-github-copilot-signups-paused", "The Verge",
        "https://www.theverge.com/news/2026/4/20/github-copilot-pauses-new-signups",
        "2026-04-20T18:40",
        "GitHub pauses new Copilot sign-ups as agent workloads strain capacity",
        "GitHub has temporarily stopped accepting new sign-ups for some paid Copilot plans, "
        "saying agentic coding sessions consume far more compute than its pricing assumed. "
        "Existing subscribers are unaffected while the company reworks plan limits.",
        used=True,
    ),
    news(
        "wire-ram-shortage-through-2027", "Bloomberg",
        "https://www.bloomberg.com/news/articles/2026-04-20/memory-chip-shortage-seen-lasting-through-2027",
        "2026-04-20T12:30",
        "RAM shortage seen lasting through 2027 as AI demand outruns new fabs",
        "Shortages of DRAM and high-bandwidth memory are expected to persist through 2027, "
        "chipmakers and analysts said, because AI data center demand is growing faster than new "
        "fabrication capacity can come online. PC and phone makers are already raising prices.",
        used=True,
    ),
    news(
        "wire-fermi-ceo-cfo-exit-amazon-150m", "The Wall Street Journal",
        "https://www.wsj.com/business/energy-oil/fermi-ceo-cfo-depart-amazon-investment-2026-04-20",
        "2026-04-20T22:05",
        "Fermi's CEO and CFO exit after Amazon pulls $150 million investment",
        "Fermi, the nuclear-powered data center developer co-founded by former Energy Secretary "
        "Rick Perry, said its chief executive and chief financial officer have left after Amazon "
        "withdrew a planned $150 million investment. The startup's shares fell sharply.",
        used=True,
    ),
    news(
        "wire-apple-ternus-succeeds-cook", "CNBC",
        "https://www.cnbc.com/2026/04/20/apple-john-ternus-ceo-tim-cook.html", "2026-04-20T20:30",
        "Apple names John Ternus to succeed Tim Cook as CEO",
        "Apple said hardware engineering chief John Ternus will succeed Tim Cook as chief "
        "executive, with Cook moving to executive chairman.",
        used=True,
    ),
    news(
        "wire-apple-tsmc-sub-1nm-2029", "Nikkei Asia",
        "https://asia.nikkei.com/business/tech/semiconductors/apple-first-in-line-for-tsmc-sub-1nm-chips",
        "2026-04-21T03:00",
        "Apple first in line for TSMC's sub-1 nanometer chips by 2029",
        "Apple has secured first access to TSMC's sub-1 nanometer manufacturing process, "
        "expected to reach production by 2029, extending a relationship that gives the iPhone "
        "maker early use of each new TSMC node.",
        used=True,
    ),
    news(
        "lab-openai-deutsche-telekom", "OpenAI",
        "https://openai.com/index/deutsche-telekom-expands-partnership/", "2026-04-20T13:00",
        "Deutsche Telekom expands its partnership with OpenAI",
        "OpenAI said Deutsche Telekom will deploy ChatGPT Enterprise and custom agents across its "
        "network operations and customer service, including versions adapted to German language "
        "and European data rules.",
        used=True, org="OpenAI",
    ),
    news(
        "lab-microsoft-ey-copilot-agents", "Microsoft",
        "https://news.microsoft.com/source/2026/04/20/ey-and-microsoft-expand-alliance-copilot-agents/",
        "2026-04-20T14:00",
        "EY and Microsoft expand alliance to run audit and tax work with Copilot agents",
        "Microsoft said EY will roll out Microsoft 365 Copilot and agents built in Copilot Studio "
        "across its global audit, tax and consulting workforce, making Microsoft the firm's "
        "default productivity platform.",
        used=True, org="Microsoft",
    ),
    news(
        "lab-nvidia-adobe-wpp-agents", "NVIDIA",
        "https://blogs.nvidia.com/blog/adobe-wpp-agentic-ai-marketing/", "2026-04-20T15:00",
        "Adobe and WPP build agentic marketing workflows on NVIDIA AI",
        "NVIDIA said Adobe and WPP are using its AI Enterprise software, NIM microservices and "
        "Nemotron models to orchestrate agents that plan, produce and review marketing content "
        "for global brands.",
        used=True, org="NVIDIA",
    ),
    news(
        "lab-nvidia-dynamo-inference-cost", "NVIDIA Technical Blog",
        "https://developer.nvidia.com/blog/dynamo-disaggregated-serving-blackwell/",
        "2026-04-20T16:30",
        "Lowering the cost per token of reasoning models with NVIDIA Dynamo on Blackwell",
        "NVIDIA detailed Dynamo and TensorRT-LLM optimizations for disaggregated prefill and "
        "decode on GB200 NVL72 systems, aimed at cutting the cost and energy per token of "
        "serving reasoning models.",
        used=True, org="NVIDIA",
    ),
    news(
        "lab-amd-rocm-inference-efficiency", "AMD",
        "https://www.amd.com/en/blogs/2026/rocm-inference-performance-per-watt-mi355x.html",
        "2026-04-20T17:00",
        "ROCm updates raise inference throughput and performance per watt on AMD Instinct MI355X",
        "AMD said new ROCm software releases improve inference throughput and performance per "
        "watt on Instinct MI355X GPUs for DeepSeek and Llama models served with vLLM and SGLang.",
        used=True, org="AMD",
    ),
    news(
        "wire-colleague-skill-china-pushback", "Rest of World",
        "https://restofworld.org/2026/china-colleague-skill-ai-agents-workers/",
        "2026-04-20T11:30",
        "Chinese workers are told to train the AI agents that will replace them",
        "Colleague Skill, a workplace tool spreading across Chinese companies, guides employees "
        "through recording their own tasks so AI agents can take them over. Workers in China "
        "have started pushing back on social media and in internal forums.",
        used=True,
    ),
    news(
        "wire-suburban-tech-workers-backlash", "Axios",
        "https://www.axios.com/2026/04/20/ai-jobs-backlash-suburban-tech-workers",
        "2026-04-20T19:15",
        "Suburban tech workers could lead the AI jobs backlash",
        "U.S. tech workers living in suburbs around major metro areas are the group most likely "
        "to lead a political backlash against AI-driven job losses, according to an analysis of "
        "polling and employment data.",
        used=True,
    ),
    news(
        "wire-anthropic-mythos-dilemma", "Financial Times",
        "https://www.ft.com/content/4b7c2e90-3f1d-4a6e-9c8b-1d2e3f4a5b6c", "2026-04-20T17:45",
        "Anthropic's Mythos puts the safety-first lab in a bind",
        "Anthropic is weighing whether to keep its Mythos model restricted to a small group of "
        "partners or open it more widely, trading influence over how the model is used against "
        "control of the company's safety message.",
        used=True,
    ),
    news(
        "wire-nsa-using-mythos", "Politico",
        "https://www.politico.com/news/2026/04/20/nsa-anthropic-mythos-00412345",
        "2026-04-20T23:20",
        "NSA is using Anthropic's Mythos despite limited release, officials say",
        "The National Security Agency (NSA) is using Anthropic's Mythos model in its cyber "
        "operations even though the company has restricted access to the system, according to "
        "people familiar with the matter.",
        used=True,
    ),
]

DISTRACTOR_NEWS = [
    news(
        "wire-tesla-dojo-restart", "Reuters",
        "https://www.reuters.com/business/autos-transportation/tesla-restarts-dojo-supercomputer-work-2026-04-20/",
        "2026-04-20T15:45",
        "Tesla restarts work on Dojo training supercomputer",
        "Tesla has resumed development of its Dojo AI training system months after winding it "
        "down, and is hiring chip engineers for a third-generation design.",
        used=False,
    ),
    news(
        "wire-salesforce-agentforce-pricing", "CNBC",
        "https://www.cnbc.com/2026/04/20/salesforce-agentforce-pricing-change.html",
        "2026-04-20T13:40",
        "Salesforce moves Agentforce to per-seat pricing after customer pushback",
        "Salesforce will offer Agentforce on a flat per-user license alongside its $2-per-"
        "conversation model, after customers said usage-based bills were hard to forecast.",
        used=False,
    ),
    news(
        "wire-uk-ai-growth-zone-wales", "BBC News",
        "https://www.bbc.com/news/articles/c0ai-growth-zone-wales", "2026-04-21T08:30",
        "UK names north Wales site as next AI growth zone",
        "The UK government designated a former power station site in north Wales as an AI growth "
        "zone, promising faster planning decisions and grid connections for data centers.",
        used=False,
    ),
    news(
        "wire-scale-ai-layoffs", "TechCrunch",
        "https://techcrunch.com/2026/04/20/scale-ai-cuts-contractors-data-labeling/",
        "2026-04-20T17:10",
        "Scale AI cuts data-labeling contractors as labs bring work in-house",
        "Scale AI ended contracts with thousands of data labelers on its Outlier platform, saying "
        "several large AI labs now run more of their training-data work internally.",
        used=False,
    ),
    news(
        "wire-deepseek-chip-export-probe", "Financial Times",
        "https://www.ft.com/content/a91d3c55-7e2f-4b8a-8f61-2c4d6e8f0a1b", "2026-04-21T05:05",
        "US investigates how DeepSeek obtained restricted Nvidia chips",
        "U.S. Commerce Department officials are examining whether DeepSeek acquired export-"
        "controlled Nvidia processors through intermediaries in Southeast Asia.",
        used=False,
    ),
    news(
        "wire-openai-device-delay", "The Information",
        "https://www.theinformation.com/articles/openai-io-device-timeline", "2026-04-20T14:20",
        "OpenAI's first hardware device slips to 2027",
        "The screenless device OpenAI is building with Jony Ive's io team will not ship before "
        "2027 because of unresolved problems with its voice interface and compute budget.",
        used=False,
    ),
    news(
        "wire-ai-music-labels-settlement", "The Verge",
        "https://www.theverge.com/news/2026/4/20/suno-warner-music-settlement", "2026-04-20T21:50",
        "Suno settles with Warner Music and launches licensed models",
        "AI music startup Suno settled its copyright lawsuit with Warner Music Group and will "
        "replace its current models with ones trained on licensed recordings.",
        used=False,
    ),
    news(
        "wire-chatbot-teen-safety-law", "Associated Press",
        "https://apnews.com/article/ai-chatbots-teens-safety-law-california", "2026-04-20T20:00",
        "California advances bill requiring age checks for AI companion chatbots",
        "A California Senate committee advanced a bill that would require AI companion apps to "
        "verify users' ages and remind minors every three hours that they are talking to a bot.",
        used=False,
    ),
    news(
        "wire-ai-agents-helpdesk-study", "MIT Technology Review",
        "https://www.technologyreview.com/2026/04/20/ai-agents-it-helpdesk-study/",
        "2026-04-20T16:00",
        "AI agents resolved a third of IT help-desk tickets in a year-long trial",
        "A year-long trial at a European bank found that AI agents fully resolved 34 percent of "
        "internal IT tickets, but escalations took longer because context was lost on handoff.",
        used=False,
    ),
    news(
        "lab-huggingface-smol-eval", "Hugging Face",
        "https://huggingface.co/blog/lighteval-smol-leaderboard", "2026-04-20T14:30",
        "A leaderboard for small models that runs on a laptop",
        "Hugging Face released an evaluation suite for models under 4 billion parameters that "
        "runs on consumer hardware with lighteval, and published first results.",
        used=False, org="Hugging Face",
    ),
    news(
        "lab-google-colab-agent", "Google",
        "https://blog.google/technology/developers/colab-data-science-agent-update/",
        "2026-04-20T16:45",
        "Colab's Data Science Agent can now schedule and share notebooks",
        "Google updated the Data Science Agent in Colab so it can schedule recurring notebook "
        "runs, write results to Google Sheets and share reports with collaborators.",
        used=False, org="Google",
    ),
    news(
        "lab-meta-pytorch-monarch", "Meta",
        "https://engineering.fb.com/2026/04/20/ml-applications/pytorch-monarch-distributed-training/",
        "2026-04-20T18:00",
        "How Meta uses Monarch to simplify distributed PyTorch training",
        "Meta engineers described how the Monarch framework lets a single controller script "
        "orchestrate training jobs across thousands of GPUs and recover from node failures.",
        used=False, org="Meta",
    ),
    news(
        "lab-mistral-ocr-update", "Mistral AI",
        "https://mistral.ai/news/mistral-ocr-update", "2026-04-20T12:15",
        "Mistral OCR adds handwriting and table extraction",
        "Mistral AI updated its document OCR API with handwriting recognition and structured "
        "table output, priced at $2 per 1,000 pages.",
        used=False, org="Mistral AI",
    ),
    news(
        "lab-aws-bedrock-agentcore-regions", "AWS",
        "https://aws.amazon.com/blogs/machine-learning/amazon-bedrock-agentcore-new-regions/",
        "2026-04-20T19:40",
        "Amazon Bedrock AgentCore expands to six more regions",
        "AWS made Amazon Bedrock AgentCore, its service for running and governing AI agents, "
        "available in six additional regions across Europe and Asia Pacific.",
        used=False, org="AWS",
    ),
    news(
        "wire-hn-inference-cost-calculator", "Hacker News",
        "https://news.ycombinator.com/item?id=47812093", "2026-04-21T01:35",
        "Show HN: A calculator for what your coding agent actually costs per task",
        "A developer published an open-source tool that replays agent transcripts against "
        "provider price lists to estimate the cost of each coding task; the post reached 287 "
        "points.",
        used=False,
    ),
    news(
        "wire-register-gpu-cloud-prices", "The Register",
        "https://www.theregister.com/2026/04/20/gpu_rental_prices/", "2026-04-20T11:20",
        "H100 rental prices climb again as inference demand soaks up spare capacity",
        "Hourly rental prices for Nvidia H100 GPUs rose for a third straight month in March, "
        "according to a tracker of neocloud listings, reversing last year's slide.",
        used=False,
    ),
]

REPOS = [
    repo("openclaw/openclaw",
         "Your own personal AI assistant. Any OS. Any Platform. The lobster way.",
         884, used=False, language="TypeScript"),
    repo("NousResearch/hermes-agent", "The agent that grows with you", 512, used=False,
         language="Python"),
    repo("unslothai/unsloth",
         "Fine-tuning & Reinforcement Learning for LLMs. Train OpenAI gpt-oss, DeepSeek, Qwen, "
         "Llama, Gemma, TTS 2x faster with 70% less VRAM.",
         264, used=False, language="Python"),
    repo("vllm-project/vllm",
         "A high-throughput and memory-efficient inference and serving engine for LLMs",
         198, used=False, language="Python"),
    repo("microsoft/markitdown",
         "Python tool for converting files and office documents to Markdown.",
         341, used=False, language="Python"),
    repo("browser-use/browser-use",
         "Make websites accessible for AI agents. Automate tasks online with ease.",
         225, used=False, language="Python"),
]

ISSUE_NOTES = (
    "Artificial Analysis cells read as: '4Kimi K2.653.9135$1.71' = Kimi K2.6, score 53.9, "
    "135 tok/s; '1Claude Opus 4.757.353$10.00' = Claude Opus 4.7, 57.3, 53 tok/s. The file ends "
    "with an empty Trending heading: the flattened page did not capture the Trending rows, nor the "
    "AI Labs and From the Wire bodies; the essay names no repository, so trending_ids is empty. "
    "Lab items for OpenAI and Microsoft (large operational organizations) and for NVIDIA and AMD "
    "(inference optimization) are reconstructed from the essay's third paragraph."
)

DAY = DaySpec(
    date=DATE,
    papers_heading="Research Papers",
    issue_papers=ISSUE_PAPERS,
    distractor_papers=DISTRACTOR_PAPERS,
    aa_rows=AA_ROWS,
    swe_rows=SWE_ROWS,
    news=USED_NEWS + DISTRACTOR_NEWS,
    repos=REPOS,
    trending_ids=[],
    issue_notes=ISSUE_NOTES,
)
