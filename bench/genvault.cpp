// notes-genvault: writes a synthetic vault of Markdown research notes for benchmarks.
//
// Every performance figure of `notes` is measured on vaults made by this program, so two
// properties matter more than anything else.
//
// Determinism. The same arguments give byte-identical files on any machine, with any number of
// threads. All randomness comes from our own xoshiro256** generator and integer-only sampling (the
// <random> distributions are implementation-defined and differ between standard libraries); nothing
// iterates a hash container, reads the clock or the environment, and no expression draws twice
// from a generator (the evaluation order of operands is unspecified, and g++ and clang++ differ).
// The vault is planned in one sequential pass (metadata, slugs, link targets, section headings);
// then each note's text is rendered from its own random stream, seeded by (seed, note number), so
// rendering can be split over threads without changing a byte.
//
// Realism. Notes look like the user's seed note: PyYAML-style front matter (a title that is quoted
// and folded at 80 columns when needed, '#tags' and '[[slug]]' related links as quoted strings, a
// relevance emoji that is sometimes cp1252 mojibake), then a TL;DR quote, sections, lists, code
// blocks, tables, inline tags, wiki-links and a "Related notes" list. Distributions are skewed the
// way real vaults are: domains, tags and words follow Zipf-like laws; links prefer notes of the
// same domain written shortly before, notes that share a tag, and a few hub notes; a few percent of
// links point to notes that do not exist; about 1% of the notes have front matter that is not valid
// YAML. Things an indexer must ignore (wiki-links and #tags inside code, escaped or commented out)
// occur now and then, never counted as links.

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_set>
#include <vector>

namespace {

namespace fs = std::filesystem;
using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i32 = std::int32_t;
using i64 = std::int64_t;

// ------------------------------------------------------------------------------------------------
// Random numbers

constexpr u64 splitmix64(u64& state) {
    u64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// xoshiro256** (Blackman & Vigna), seeded through splitmix64 as its authors recommend.
class Rng {
  public:
    explicit Rng(u64 seed) {
        for (u64& word : m_state) word = splitmix64(seed);
    }

    u64 next() {
        const u64 result = rotl(m_state[1] * 5, 7) * 9;
        const u64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n) for n > 0, exactly (rejection of the biased low range).
    u64 below(u64 n) {
        const u64 limit = (0 - n) % n;
        for (;;) {
            const u64 r = next();
            if (r >= limit) return r % n;
        }
    }
    u32 below32(u64 n) { return static_cast<u32>(below(n)); }
    u64 between(u64 lo, u64 hi) { return lo + below(hi - lo + 1); }
    bool per_mille(u64 p) { return below(1000) < p; }

    template <class Container>
    const auto& pick(const Container& items) {
        return items[below(std::size(items))];
    }

  private:
    static u64 rotl(u64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<u64, 4> m_state{};
};

// The seed of an independent stream: `stream` names the purpose, `index` the note.
u64 stream_seed(u64 seed, u64 stream, u64 index) {
    u64 s = seed;
    s = splitmix64(s) ^ (stream * 0xD1B54A32D192ED03ULL);
    s = splitmix64(s) ^ index;
    return splitmix64(s);
}

// Sampling from integer weights: cumulative sums plus a guide table (Chen & Asau), so a draw costs
// one random number and a short scan. Exact and platform-independent.
class WeightedTable {
  public:
    WeightedTable() = default;
    explicit WeightedTable(const std::vector<u64>& weights) {
        u64 total = 0;
        m_cumulative.reserve(weights.size());
        for (const u64 w : weights) {
            total += w;
            m_cumulative.push_back(total);
        }
        m_total = total;
        if (total == 0) return;
        const u64 buckets = std::min<u64>(weights.size() * 2 + 1, u64{1} << 16);
        m_step = total / buckets + 1;
        m_guide.resize(buckets);
        size_t k = 0;
        for (u64 b = 0; b < buckets; ++b) {
            while (k < m_cumulative.size() && m_cumulative[k] <= b * m_step) ++k;
            m_guide[b] = static_cast<u32>(k);
        }
    }

    size_t sample(Rng& rng) const {
        const u64 v = rng.below(m_total);
        size_t k = m_guide[v / m_step];
        while (m_cumulative[k] <= v) ++k;
        return k;
    }
    size_t size() const { return m_cumulative.size(); }
    bool empty() const { return m_total == 0; }

  private:
    std::vector<u64> m_cumulative;
    std::vector<u32> m_guide;
    u64 m_total = 0;
    u64 m_step = 1;
};

// Zipf–Mandelbrot weights with exponent 1: w(r) ∝ 1 / (r + q), q = offset16 / 16.
// A small q gives a steep head; a large q flattens it.
std::vector<u64> zipf_weights(size_t n, u64 offset16) {
    std::vector<u64> w(n);
    for (size_t r = 0; r < n; ++r) w[r] = (u64{1} << 44) / (16 * r + offset16);
    return w;
}

// ------------------------------------------------------------------------------------------------
// Static text. Lists are '|'-separated and ordered by popularity where a Zipf law is applied.

struct DomainSpec {
    std::string_view name;
    std::string_view folder;
    u64 weight;
    std::string_view tools;  // proper names, for titles and prose
    std::string_view terms;  // domain vocabulary, most common first
    std::string_view tags;   // tags this domain prefers, most common first
    std::string_view langs;  // code block languages with weights: "sql:70|python:20"
};

// Ordered by weight: with --subdirs K the first K domains get a folder.
constexpr DomainSpec k_domain_specs[] = {
    {"SQL", "sql", 20,
     "PostgreSQL|SQLite|MySQL|DuckDB|SQL Server|ClickHouse|Snowflake|BigQuery|Oracle|MariaDB",
     "query plan|index|join|transaction|window function|CTE|isolation level|deadlock|vacuum|"
     "EXPLAIN ANALYZE|primary key|foreign key|B-tree|hash join|nested loop|sequential scan|"
     "index scan|partial index|covering index|materialized view|stored procedure|trigger|"
     "normalization|cardinality|selectivity|planner statistics|row estimate|connection pool|"
     "prepared statement|query latency|lock contention|write amplification|schema migration|"
     "composite index|full-text search|GROUP BY|subquery|upsert|sort order|page cache",
     "sql|postgres|db/postgres|query-optimization|indexing|performance|sqlite|db/sqlite|"
     "window-functions|joins|transactions|cte|data-modeling|schema|mysql|duckdb|lang/sql|"
     "db/postgres/indexing|orm|sqlalchemy",
     "sql:68|python:14|bash:8|c:3|json:3|go:4"},
    {"Python", "python", 18,
     "Python|pandas|Polars|FastAPI|Django|SQLAlchemy|pytest|asyncio|Pydantic|NumPy|uv|Poetry",
     "decorator|generator|type hint|dataclass|virtual environment|GIL|list comprehension|"
     "context manager|event loop|coroutine|iterator|packaging|import system|descriptor|"
     "metaclass|pip|wheel|memory leak|profiler|dependency injection|test fixture|mock|"
     "async function|thread pool|data frame|dictionary|exception handling|logging setup|"
     "CLI script|unit test",
     "python|lang/python|python-tips|async|pandas|testing|fastapi|django|sqlalchemy|library|"
     "tool|packaging|lang/python/asyncio|numpy|best-practice",
     "python:80|bash:12|toml:4|json:4"},
    {"DevOps", "devops", 10,
     "Docker|Kubernetes|Terraform|Helm|GitHub Actions|Ansible|Argo CD|Prometheus|Grafana|Nginx",
     "container image|pod|deployment|rollout|CI pipeline|infrastructure as code|state file|"
     "secret|health check|liveness probe|autoscaling|blue-green deployment|canary release|"
     "runbook|incident|on-call rotation|observability|log aggregation|alert rule|build cache|"
     "base image|service mesh|ingress|resource limit",
     "devops|docker|kubernetes|devops/k8s|terraform|ci|devops/ci|observability|monitoring|sre|"
     "incident|linux|bash|devops/terraform|helm",
     "yaml:40|bash:30|dockerfile:15|hcl:10|go:5"},
    {"Data Engineering", "data-engineering", 9,
     "Airflow|dbt|Spark|Kafka|Flink|Dagster|Snowflake|Parquet|Iceberg|Delta Lake",
     "DAG|backfill|partition|data lake|warehouse|lakehouse|schema evolution|CDC|"
     "late-arriving data|idempotent load|incremental model|data contract|lineage|"
     "data quality check|orchestration|batch job|stream processing|watermark|file format|"
     "compaction|SLA",
     "data-engineering|etl|data/etl|airflow|dbt|spark|kafka|streaming|data/streaming|"
     "data-quality|data/quality|warehouse|parquet|data/modeling",
     "sql:40|python:40|yaml:15|json:5"},
    {"Machine Learning", "machine-learning", 9,
     "PyTorch|scikit-learn|Hugging Face|LangChain|vLLM|Ollama|OpenAI API|XGBoost|MLflow|FAISS",
     "embedding|vector search|fine-tuning|prompt|context window|RAG pipeline|evaluation set|"
     "overfitting|feature store|inference latency|quantization|tokenizer|retrieval|reranker|"
     "hallucination|gradient|loss function|training loop|agent|benchmark suite|LLM",
     "ai|ml|llm|ml/llm|rag|ml/rag|embeddings|vector-search|mlops|nlp|research|paper|"
     "ml/training|ml/evaluation|ai/agents",
     "python:90|bash:6|json:4"},
    {"Web Dev", "web", 8, "React|TypeScript|Next.js|Node.js|Vue|Svelte|Tailwind|Vite|GraphQL|Deno",
     "component|state management|hydration|server-side rendering|bundle size|API route|"
     "REST endpoint|CORS|web vitals|rendering|hook|props|router|form validation|"
     "build step|edge function",
     "javascript|typescript|lang/typescript|react|frontend|web/frontend|backend|web/backend|"
     "api|graphql|rest|ux|lang/javascript",
     "typescript:55|javascript:25|json:10|bash:10"},
    {"Security", "security", 6, "OAuth|JWT|TLS|OWASP|HashiCorp Vault|Keycloak|Let's Encrypt",
     "threat model|SQL injection|XSS|CSRF|access token|refresh token|secret rotation|"
     "least privilege|audit log|CVE|supply chain|dependency scanning|encryption at rest|"
     "key management|session fixation|password hashing",
     "security|auth|oauth|jwt|encryption|privacy|compliance|topic/security|tls",
     "bash:35|python:35|yaml:20|json:10"},
    {"Cloud", "cloud", 5, "AWS|GCP|Azure|Lambda|S3|Cloudflare|Fly.io|DigitalOcean",
     "region|availability zone|IAM role|bucket|serverless function|cold start|egress cost|"
     "reserved instance|VPC|managed database|quota|spot instance|object storage",
     "cloud|aws|cloud/aws|gcp|cloud/gcp|azure|serverless|cost|finops|networking",
     "bash:35|hcl:30|json:20|python:15"},
    {"Analytics", "analytics", 5, "Metabase|Looker|Tableau|Excel|Superset|Zendesk|Power BI",
     "dashboard|KPI|cohort|funnel|retention|churn|support ticket|first response time|"
     "A/B test|metric definition|segment|attribution|time series|pivot table",
     "analytics|bi|dashboards|metrics|support-analytics|zendesk|statistics|visualization|"
     "excel",
     "sql:60|python:40"},
    {"Career", "career", 4, "LinkedIn|GitHub|Notion|Slack",
     "interview|promotion|mentorship|feedback|one-on-one|burnout|side project|portfolio|"
     "salary negotiation|staff engineer|tech lead|career ladder",
     "career|interview|career/interview|career/growth|management|leadership|learning|writing|"
     "productivity",
     "markdown:60|bash:40"},
    {"Rust", "rust", 3, "Rust|Tokio|Axum|Serde|Cargo|Clippy",
     "borrow checker|lifetime|trait|ownership|async runtime|crate|macro|unsafe block|"
     "zero-cost abstraction|error handling|Result type|iterator adaptor",
     "rust|lang/rust|performance|concurrency|async|memory|cli", "rust:75|toml:15|bash:10"},
    {"Productivity", "productivity", 3, "Obsidian|Zettelkasten|Notion|Vim|VS Code|Raycast",
     "note|backlink|daily note|inbox|weekly review|focus block|keyboard shortcut|template|"
     "tag hierarchy|spaced repetition|reading list",
     "productivity|tool/obsidian|writing|learning|howto|automation|tool/vscode|cli|pkm",
     "markdown:45|bash:35|yaml:20"},
};

// About 300 tags, most popular first; about 15% nested, a few two levels deep.
constexpr std::string_view k_tags_text =
    "python|sql|ai|tool|best-practice|library|performance|postgres|data-engineering|tutorial|"
    "lang/python|devops|llm|db/postgres|testing|career|docker|kubernetes|analytics|ml|security|"
    "api|javascript|typescript|cloud|aws|productivity|sqlite|indexing|query-optimization|"
    "pandas|rag|opinion|observability|react|architecture|ml/llm|support-analytics|zendesk|etl|"
    "db/sqlite|rust|learning|async|monitoring|terraform|data-modeling|schema|frontend|backend|"
    "fastapi|embeddings|cli|linux|bash|writing|reference|howto|deep-dive|devops/k8s|"
    "transactions|joins|window-functions|cte|mysql|duckdb|kafka|spark|airflow|dbt|streaming|"
    "data-quality|warehouse|parquet|vector-search|lang/sql|lang/rust|lang/typescript|cloud/aws|"
    "auth|oauth|jwt|encryption|privacy|compliance|incident|sre|ci|devops/ci|git|cheatsheet|"
    "news|release|migration|orm|sqlalchemy|django|flask|numpy|polars|nlp|mlops|research|paper|"
    "book|video|podcast|metrics|dashboards|bi|statistics|visualization|excel|caching|redis|"
    "concurrency|memory|profiling|benchmark|microservices|distributed-systems|graphql|rest|"
    "grpc|go|lang/go|serverless|cost|finops|networking|http|tls|dns|gcp|azure|cloud/gcp|"
    "status/todo|status/draft|type/article|type/video|type/paper|type/book|project/notes-cli|"
    "project/blog|management|leadership|team|hiring|remote-work|startup|product|ux|design|"
    "accessibility|open-source|community|documentation|refactoring|legacy|code-review|"
    "clean-code|patterns|anti-patterns|debugging|errors|python-tips|sql-tips|locking|"
    "replication|sharding|backup|disaster-recovery|high-availability|scalability|reliability|"
    "latency|throughput|queues|celery|scheduling|cron|automation|scripting|spreadsheets|"
    "matplotlib|plotly|forecasting|time-series|geospatial|audio|images|computer-vision|"
    "scraping|search|elasticsearch|full-text-search|data/etl|data/streaming|data/quality|"
    "data/modeling|web/frontend|web/backend|career/interview|career/growth|tool/obsidian|"
    "tool/vscode|ai/agents|ml/rag|ml/training|ml/evaluation|lang/javascript|lang/bash|db/mysql|"
    "db/duckdb|db/redis|db/mongodb|mongodb|db/postgres/indexing|lang/python/asyncio|"
    "devops/terraform|topic/security|topic/performance|topic/testing|packaging|packaging/pip|"
    "pytest|mocking|fixtures|type-hints|dataclasses|pydantic|decorators|generators|iterators|"
    "context-managers|regex|json|csv|yaml|toml|markdown|pkm|obsidian|zettelkasten|vim|vscode|"
    "terminal|shell|nginx|helm|argo|prometheus|grafana|tracing|logging|opentelemetry|alerts|"
    "slo|sla|on-call|postmortem|runbook|load-testing|interview|algorithms|data-structures|"
    "system-design|mentoring|feedback|burnout|focus|habits|reading|ideas|inbox|svelte|vue|"
    "nextjs|node|vite|tailwind|css|html|web-vitals|cpp|c|functional-programming|compilers|"
    "parsers|databases|b-tree|vacuum|partitioning|materialized-views|triggers|"
    "stored-procedures|pgvector|clickhouse|snowflake|bigquery|iceberg|delta-lake|flink|dagster|"
    "data-contracts|lineage|cdc|metabase|ab-testing|pytorch|huggingface|transformers|"
    "fine-tuning|prompting|agents|langchain|ollama|vllm|quantization|inference";

constexpr std::string_view k_nouns_text =
    "index|query|table|transaction|latency|python|query plan|database|column|row|schema|"
    "cache|join|function|request|service|test|user|data|file|team|error|pipeline|library|"
    "tool|process|thread|queue|worker|migration|replica|partition|lock|connection pool|"
    "primary key|foreign key|write-ahead log|checkpoint|buffer|page|cursor|statement|"
    "parameter|class|module|package|dependency|virtual environment|decorator|generator|"
    "iterator|coroutine|event loop|scheduler|job|task|container|image|cluster|node|pod|"
    "deployment|load balancer|proxy|gateway|endpoint|response|header|payload|token|session|"
    "cookie|credential|secret|certificate|permission|role|policy|audit log|metric|dashboard|"
    "alert|trace|span|log line|error rate|timeout|retry|backoff|circuit breaker|rate limit|"
    "benchmark|profile|flame graph|memory|allocation|garbage collector|heap|stack|pointer|"
    "reference|string|integer|timestamp|time zone|date range|window function|aggregate|"
    "subquery|view|materialized view|trigger|constraint|sequence|data model|entity|"
    "relationship|ORM|API|SDK|CLI|framework|runtime|compiler|interpreter|build|release|"
    "version|branch|commit|pull request|code review|fixture|mock|assertion|coverage|"
    "regression|bug|incident|postmortem|runbook|on-call rotation|SLO|budget|cost|bill|"
    "instance|region|bucket|object store|directory|path|format|parser|serializer|"
    "JSON document|CSV file|Parquet file|data frame|notebook|model|feature|embedding|vector|"
    "prompt|dataset|label|training run|inference|evaluation|accuracy|baseline|experiment|"
    "hypothesis|customer|stakeholder|product|roadmap|estimate|deadline|meeting|decision|"
    "trade-off|requirement|interface|contract|abstraction|pattern|anti-pattern|refactor|"
    "legacy system|monolith|microservice|message broker|topic|consumer|producer|offset|"
    "event|stream|batch|backfill|warehouse|data lake|ETL job|DAG|lineage|data quality|"
    "null value|duplicate|outlier|sample|distribution|percentile|histogram|median|mean|"
    "variance|forecast|signal|noise|configuration|environment variable|flag|feature flag|"
    "default|setting|workflow|checklist|template|document|note|summary|insight|lesson|"
    "mistake|habit|routine|focus|career|interview|promotion|mentor|skill|portfolio|"
    "blog post|newsletter|conference talk|side project|open source project|maintainer|"
    "contributor|issue|changelog|specification|standard|protocol|socket|port|packet|"
    "bandwidth|throughput|disk|SSD|CPU|core|cache line|syscall|file descriptor|kernel|"
    "shell|terminal|script|cron job|daemon|signal handler|exit code|stack trace|"
    "core dump|debugger|breakpoint|log level|sampling rate|cardinality|selectivity|"
    "histogram bucket|query planner|optimizer|execution plan|sequential scan|index scan|"
    "bitmap scan|hash table|B-tree|LSM tree|bloom filter|skip list|trie|heap file|"
    "tuple|snapshot|isolation level|deadlock|race condition|mutex|semaphore|atomic|"
    "channel|future|promise|callback|closure|lambda|generic|trait|interface method|"
    "type hint|type checker|linter|formatter|pre-commit hook|CI job|artifact|registry|"
    "manifest|lockfile|vendor directory|monorepo|workspace|sandbox|staging environment|"
    "production|rollback|hotfix|canary|blue-green switch|traffic split|SLA|uptime|"
    "availability|durability|consistency|replication lag|failover|backup|restore|"
    "retention policy|archive|compression|encoding|checksum|hash|signature|key|"
    "encryption key|vault|access token|refresh token|identity provider|SSO|scope|tenant|"
    "quota|limit|spike|p99|tail latency|cold start|warm-up|hit ratio|miss|eviction|TTL|"
    "invalidation|write-through cache|read replica|connection|handshake|keep-alive|"
    "websocket|webhook|cron expression|spreadsheet|pivot table|chart|report|KPI|funnel|"
    "cohort|churn|retention|ticket|backlog|sprint|retro|standup|design doc|RFC|ADR|"
    "postmortem template|playbook|cheat sheet|shortcut|plugin|extension|theme|vault|"
    "backlink|daily note|tag|heading|paragraph|bullet|outline|draft|idea|question|answer|"
    "example|counterexample|edge case|corner case|assumption|constraint solver|heuristic|"
    "algorithm|data structure|complexity|big-O|recursion|memoization|dynamic programming|"
    "graph|tree|edge|vertex|shortest path|ranking|score|weight|threshold|false positive|"
    "false negative|precision|recall|F1 score|confusion matrix|learning rate|epoch|"
    "gradient|loss|optimizer step|checkpoint file|GPU|tensor|matrix|shape|broadcast|"
    "tokenizer|context window|chunk|retriever|reranker|vector store|similarity|"
    "cosine distance|nearest neighbour|agent|tool call|guardrail|hallucination|eval";

constexpr std::string_view k_verbs_text =
    "use|run|build|deploy|measure|index|query|cache|scale|tune|profile|debug|test|refactor|"
    "migrate|monitor|log|trace|parse|serialize|validate|store|load|fetch|batch|stream|"
    "partition|shard|replicate|lock|retry|throttle|optimize|rewrite|simplify|document|"
    "review|automate|schedule|configure|install|upgrade|patch|benchmark|compare|reduce|"
    "improve|avoid|prevent|detect|handle|return|ship|split|merge|join|filter|sort|group|"
    "aggregate|compute|estimate|predict|train|evaluate|embed|rank|search|match|resolve|"
    "hash|encrypt|sign|verify|rotate|expose|hide|wrap|extend|inject|mock|isolate|track|"
    "report|visualize|export|import|read|write|update|delete|insert|check|fix|break|explain|"
    "learn|teach|share|plan|prioritize|speed up|slow down|warm up|clean up|roll back|"
    "pin|bump|vendor|compile|link|package|publish|release|tag|label|annotate|summarize|"
    "question|challenge|revisit|drop|add|remove|replace|rename|move|copy|sync|backfill|"
    "vacuum|analyze|inspect|sample|chunk|dedupe|normalize|denormalize|materialize|"
    "invalidate|evict|prefetch|preload|defer|debounce|queue|dispatch|consume|produce|"
    "acknowledge|commit|abort|spawn|await|block|poll|notify|subscribe|broadcast|route|"
    "proxy|balance|limit|cap|bound|guard|enforce|audit|alert|page|escalate|mitigate|"
    "document|onboard|mentor|interview|negotiate|present|pitch|estimate";

constexpr std::string_view k_adjectives_text =
    "fast|slow|simple|complex|reliable|scalable|robust|fragile|hidden|obvious|expensive|"
    "cheap|small|large|huge|tiny|common|rare|stale|fresh|consistent|concurrent|parallel|"
    "sequential|async|synchronous|idempotent|stateless|stateful|immutable|mutable|typed|"
    "dynamic|static|lazy|eager|naive|clever|practical|modern|legacy|boring|critical|"
    "optional|explicit|implicit|hot|cold|warm|noisy|quiet|flaky|deterministic|readable|"
    "maintainable|secure|vulnerable|internal|external|local|remote|distributed|centralized|"
    "incremental|full|partial|composite|unique|nested|flat|sparse|dense|wide|narrow|deep|"
    "shallow|costly|safe|unsafe|predictable|surprising|subtle|crucial|minimal|verbose|"
    "compact|batch-oriented|real-time|offline|online|serverless|managed|self-hosted|"
    "open-source|proprietary|experimental|stable|deprecated|underrated|overrated|"
    "well-known|undocumented|production-grade|battle-tested|lightweight|heavyweight|"
    "bounded|unbounded|ordered|unordered|sorted|random|skewed|uniform|cached|uncached|"
    "cold-start|read-heavy|write-heavy|latency-sensitive|cost-aware|type-safe";

constexpr std::string_view k_adverbs_text =
    "quickly|safely|usually|rarely|often|always|never|carefully|silently|eventually|"
    "immediately|gradually|significantly|surprisingly|effectively|roughly|explicitly|"
    "automatically|manually|reliably|cheaply|predictably|quietly|twice as fast|in practice|"
    "at scale|under load|in production|by default|on every request";

constexpr std::string_view k_prepositions_text =
    "in|on|for|with|without|across|behind|before|after|under|inside|through|against|around|"
    "beyond|during|per|via|into|over";

// Morphemes for rare, made-up words: the long tail of a real vocabulary (product names, jargon).
constexpr std::string_view k_morph_prefix =
    "auto|micro|hyper|multi|poly|meta|proto|pseudo|re|pre|post|sub|inter|over|under|co|de|"
    "un|neo|para|trans|ultra|omni|geo|tele|quasi|semi|mono|bi|tri";
constexpr std::string_view k_morph_root =
    "shard|cache|graph|lock|sync|index|queue|parse|stream|batch|hash|log|tensor|kernel|pool|"
    "route|frame|vector|patch|merge|scope|trace|heap|span|mesh|pipe|flux|grid|node|block|"
    "page|view|plan|scan|fetch|store|chunk|scribe|morph|sort|spool|fold|weave|forge|latch|"
    "cursor|ledger|beacon";
constexpr std::string_view k_morph_suffix =
    "er|ing|ism|ity|ette|ware|let|lab|ify|ation|ology|ix|ly|io|ex|on|ary|able|ist|ite";

constexpr std::string_view k_generic_headings =
    "Key takeaways|Background|The problem|How it works|Benchmarks|Trade-offs|Pitfalls|"
    "Example|A worked example|Implementation notes|Open questions|Further reading|Checklist|"
    "Why it matters|Performance|Setup|Configuration|Step by step|Results|Lessons learned|"
    "When not to use it|Alternatives|Summary|Details|Quick reference|Testing|Monitoring|"
    "Migration plan|Context|My take|Notes from the talk|Questions to ask|Edge cases|"
    "Failure modes|Cost|Numbers|Prerequisites|Troubleshooting|FAQ|Glossary|Code|Design|"
    "Architecture|Next steps|TODO|Ideas|Quotes|Caveats|Before and after|The fix|Root cause|"
    "Timeline|Follow-ups|Comparison|Decision|Risks|Limitations|What I would do differently|"
    "Main idea|Evidence|Counterpoints|Definitions|Takeaways for our team";

// The first section of many notes, as in the seed, in the three spellings a vault accumulates.
constexpr std::string_view k_whats_new[3] = {"What's new and why it matters",
                                             "What’s new and why it matters",
                                             "Whatâ€™s new and why it matters"};

constexpr std::string_view k_how_to_apply =
    "Extract 1 actionable tactic from this post and try it on a real dataset this week.|"
    "Write the query in a scratchpad and run EXPLAIN/QUERY PLAN to verify performance.|"
    "Add a short note: what changed in your workflow?|"
    "Compare the numbers with our own dashboards before adopting anything.|"
    "Share the key idea with the team in the next stand-up.|"
    "Turn the main example into a snippet in the team wiki.|"
    "Check whether our staging setup already does this.|"
    "Schedule 30 minutes to reproduce the benchmark locally.|"
    "Open a ticket for the one change worth making now.|"
    "Skim the comments for counter-arguments and edge cases.|"
    "Try the code on a copy of production data, not on a toy table.|"
    "Note one thing to avoid, not just one thing to do.";

// Sentence templates. {N} noun phrase, {D} noun phrase from the note's domain, {n} bare noun,
// {V} verb, {S} verb, third person, {A} adjective, {R} adverb, {P} preposition, {T} tool name,
// {'} apostrophe, {#} number, {%} percentage.
constexpr std::string_view k_sentences =
    "{N} {S} {N} {P} {N}.|"
    "If you {V} {N}, {N} {S} {R}.|"
    "Most teams {V} {N} before they {V} {D}.|"
    "In practice, {D} is {A} when {N} {S} {N}.|"
    "The {A} part is {n}: {N} {S} {N} {P} {N}.|"
    "You can {V} {D} {P} {N} and {V} {N} later.|"
    "{D} {S} {N}, which {S} {N} {P} {N}.|"
    "This is why {n} matters for {D}.|"
    "Measure {N} before you {V} {D}.|"
    "Without {N}, {D} {S} {R}.|"
    "The trick is to {V} {N} {P} {D}.|"
    "When {N} grows, {D} {S} {N} {R}.|"
    "It{'}s {A} to {V} {N} {P} {N}.|"
    "Don{'}t {V} {D} {P} {N} unless {N} {S} {N}.|"
    "{T} {S} {N} out of the box, but {N} still {S} {R}.|"
    "{N} {S} {N} {P} {D}, {R}.|"
    "We {V} {N} every week and {V} {N} {P} {N}.|"
    "Think of {D} as {N} {P} {N}.|"
    "Imagine you{'}re running {N}: {N} {S} {N} and {N} {S} {N}.|"
    "{R}, {N} {S} {D}.|"
    "The author {S} {N} {P} {D} and {S} {N}.|"
    "Here{'}s the {A} version: {V} {N}, then {V} {N}.|"
    "{N} is not {A}; it {S} {N} {P} {N}.|"
    "Use {T} to {V} {N} {P} {N}.|"
    "Once {D} is {A}, {N} {S} {R}.|"
    "The benchmark {S} {N} dropping from {#} ms to {#} ms after we {V} {D}.|"
    "About {%} of {N} {S} {D} {P} {N}.|"
    "Compare {D} with {N}: one {S} {N}, the other {S} {N}.|"
    "{T} and {T} both {V} {N}, but only one {S} {D}.|"
    "Ask whether {N} really {S} {N} {P} {N}.|"
    "Why does {D} {V} {N}? Because {N} {S} {N}.|"
    "Start with {N}, {V} {D}, and {V} {N} {R}.|"
    "{N} {S} {D} {R}, so {N} {S} {N}.|"
    "Nobody {S} {N} until {D} {S} {N} {P} {N}.|"
    "The {A} {n} {S} {N} {P} {N} {R}.";

constexpr std::string_view k_title_templates =
    "{N} {Tool} {Things} Every Developer Needs for {Adj}, {Adj2} Applications|"
    "How to {Verb} {Term} with {Tool}|"
    "How to {Verb} {Term} in {Tool}: {Sub}|"
    "Stop Using {Term} the Wrong Way in {Tool}|"
    "{Tool} vs {Tool2}: Which One Should You Pick in {Year}?|"
    "Why Your {Term} Is Slow (and How to Fix It)|"
    "A Practical Guide to {Term}|"
    "Understanding {Term} in {Tool}|"
    "The Hidden Cost of {Term}|"
    "What{'}s New in {Tool} {Version}|"
    "{N} {Adj} {Things} for {Term}|"
    "{Term}: {Sub}|"
    "I Tried {Tool} for {N} Days. Here{'}s What I Learned|"
    "Lessons from {N} Years of {Term}|"
    "{Term} Explained: {Sub}|"
    "Building a {Adj} {Term} with {Tool} and {Tool2}|"
    "Don{'}t {Verb} {Term} Before Reading This|"
    "From {Term} to {Term2}: A Migration Story|"
    "{Tool} Tips I Wish I Knew Earlier|"
    "Deep Dive into {Term}|"
    "{Term} Is a Lie We Tell Junior Developers|"
    "{Term} & {Term2}: Defining Your Data with {Tool}|"
    "The Complete {Tool} Cheat Sheet for {Year}|"
    "Mastering {Term}: {N} {Things} to Write {Adj} {Tool} Code|"
    "{Tool} {Term} in {N} Lines of Code|"
    "How We Cut {Term} by {Pct} with {Tool}|"
    "When {Term} Goes Wrong: A Postmortem|"
    "{Adj} {Term} Without the Hype|"
    "Notes on {Term}|"
    "Why I Stopped Using {Tool}|"
    "The {Adj} Way to {Verb} {Term}|"
    "{Term} for People Who Hate {Term2}|"
    "How to {Verb} {Term} at Scale with {Tool} and {Tool2} Without Losing Your Mind or Your "
    "Weekend|"
    "{N} {Things} I Learned Shipping {Term} to Production with {Tool}, {Tool2} and a Lot of "
    "Coffee|"
    "{Tool} {Term} Analysis: {N} Practical Techniques to Master {Term2} Today|"
    "How to Build a {Adj} {Term} Tool That Reveals Any Company{'}s {Tool} Stack";

constexpr std::string_view k_title_things =
    "Techniques|Patterns|Mistakes|Tips|Lessons|Tricks|Rules|Habits|Tools|Libraries|Ideas|"
    "Questions|Myths|Features|Strategies|Ways|Reasons|Things";
constexpr std::string_view k_title_adjectives =
    "Scalable|Reliable|Fast|Clean|Production-Ready|Maintainable|Secure|Boring|Modern|"
    "Practical|Hidden|Underrated|Essential|Advanced|Simple|Real-World|Resilient|Observable";
constexpr std::string_view k_title_verbs =
    "Build|Debug|Scale|Optimize|Test|Deploy|Monitor|Speed Up|Structure|Migrate|Design|Learn|"
    "Master|Automate|Profile|Secure|Tame|Understand|Fix|Replace";
constexpr std::string_view k_title_subtitles =
    "A Step-by-Step Guide|What Nobody Tells You|The Good Parts|Patterns That Actually Work|"
    "From Zero to Production|Lessons from Production|A Field Guide|Beyond the Basics|"
    "Part 2|A Beginner's Guide|The Missing Manual|What I Got Wrong";

constexpr std::string_view k_authors =
    "nithinbharathwaj|sarahdev|mkleppmann|jdoe|theprimeagen|antirez|codingwithmitch|"
    "datadan|pgmaster|lena_k|ops-guy|rustacean42|mlnotes|fullstackfred|cloudcarla|"
    "secbyte|analyst_anna|careercoach|zettel_zoe|tinkerer|bytebard|querywhisperer|"
    "devrel_diego|latencylarry|indexivan|schemasam|pipelinepat|tensortom|vectorvera";

// Code snippets. {{t}} {{u}} tables, {{c}} {{d}} columns, {{f}} function, {{F}} exported function,
// {{C}} type, {{v}} variable, {{n}} number, {{s}} a slug of an existing note, {{g}} a tag,
// {{T}} a short title. Several deliberately hold wiki-links and #tags that are code, not links.
struct Snippet {
    std::string_view lang;
    std::string_view text;
};

constexpr Snippet k_snippets[] = {
    {"sql",
     "EXPLAIN ANALYZE\nSELECT {{c}}, count(*) AS n\nFROM {{t}}\nWHERE {{d}} >= now() - interval "
     "'{{n}} days'\nGROUP BY {{c}}\nORDER BY n DESC\nLIMIT {{n}};\n"},
    {"sql",
     "CREATE INDEX CONCURRENTLY idx_{{t}}_{{c}}\n    ON {{t}} ({{c}}, {{d}})\n    WHERE "
     "deleted_at IS NULL;\n"},
    {"sql",
     "WITH recent AS (\n    SELECT {{c}}, {{d}},\n           row_number() OVER (PARTITION "
     "BY {{c}} ORDER BY {{d}} DESC) AS rn\n    FROM {{t}}\n)\nSELECT * FROM recent WHERE rn "
     "= 1;\n"},
    {"sql",
     "-- see [[{{s}}]] before changing this #{{g}}\nBEGIN;\nUPDATE {{t}} SET {{c}} = {{c}} "
     "+ 1 WHERE id = {{n}};\nCOMMIT;\n"},
    {"sql",
     "SELECT t.{{c}}, '[[' || t.{{d}} || ']]' AS link\nFROM {{t}} AS t\nJOIN {{u}} AS u "
     "ON u.id = t.{{c}}\nWHERE t.{{d}} LIKE '%#{{g}}%';\n"},
    {"sql",
     "SELECT {{c}}, avg({{d}}) OVER (ORDER BY {{c}} ROWS BETWEEN 6 PRECEDING AND "
     "CURRENT ROW)\nFROM {{t}}\nORDER BY {{c}};\n"},
    {"python",
     "import sqlite3\n\n\ndef {{f}}(path: str) -> list[tuple]:\n    with "
     "sqlite3.connect(path) as conn:\n        cur = conn.execute(\"SELECT {{c}} FROM "
     "{{t}} WHERE {{d}} > ?\", ({{n}},))\n        return cur.fetchall()\n"},
    {"python",
     "@dataclass\nclass {{C}}:\n    {{c}}: int\n    {{d}}: str = \"\"\n\n    def "
     "{{f}}(self) -> str:\n        return f\"{self.{{d}}}:{self.{{c}}}\"\n"},
    {"python",
     "import re\n\nWIKI_LINK = re.compile(r\"\\[\\[([^\\]|#]+)\")\n# TODO #{{g}}: "
     "handle [[{{s}}]] style links\n\n\ndef {{f}}(text: str) -> list[str]:\n    return "
     "WIKI_LINK.findall(text)\n"},
    {"python",
     "async def {{f}}(session, urls):\n    tasks = [session.get(u, timeout={{n}}) for u "
     "in urls]\n    for resp in await asyncio.gather(*tasks):\n        "
     "resp.raise_for_status()\n"},
    {"python",
     "df = pd.read_parquet(\"{{t}}.parquet\")\ntop = (\n    df.groupby(\"{{c}}\")[\"{{d}}"
     "\"]\n    .agg([\"count\", \"mean\"])\n    .sort_values(\"count\", "
     "ascending=False)\n    .head({{n}})\n)\nprint(top)\n"},
    {"python",
     "tags = [\"#{{g}}\", \"#todo\"]  # not tags: this is code\nlink = \"[[{{s}}]]\"\n"
     "for {{v}} in tags:\n    print({{v}}.lstrip(\"#\"), link)\n"},
    {"bash",
     "#!/usr/bin/env bash\nset -euo pipefail\nfor f in notes/*.md; do\n  grep -c '#{{g}}' "
     "\"$f\" || true\ndone\n"},
    {"bash",
     "docker run --rm -p 5432:5432 -e POSTGRES_PASSWORD=secret postgres:16\npsql -h "
     "localhost -U postgres -c 'SELECT version();'\n"},
    {"bash",
     "# deploy #{{g}} (see [[{{s}}]])\nkubectl rollout status deploy/{{v}} "
     "--timeout={{n}}s\n"},
    {"bash", "time sqlite3 {{t}}.db \"SELECT count(*) FROM {{t}};\"\n"},
    {"bash",
     "python -m venv .venv && . .venv/bin/activate\npip install -r requirements.txt\n"
     "pytest -q -k {{f}}\n"},
    {"yaml",
     "services:\n  {{v}}:\n    image: postgres:16\n    environment:\n      POSTGRES_DB: "
     "{{t}}\n    ports:\n      - \"5432:5432\"\n"},
    {"yaml",
     "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    "
     "steps:\n      - uses: actions/checkout@v4\n      - run: make test  # #{{g}} is not a "
     "tag here\n"},
    {"yaml",
     "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{v}}\nspec:\n  replicas: "
     "{{n}}\n  template:\n    spec:\n      containers:\n        - name: {{v}}\n          "
     "image: registry.example.com/{{v}}:1.{{n}}\n"},
    {"markdown",
     "---\ntitle: {{T}}\ntags: ['#{{g}}']\n---\n# {{T}}\n\nSee [[{{s}}]] and "
     "#{{g}}.\n"},
    {"markdown",
     "## Weekly review\n- [ ] process the inbox #{{g}}\n- [ ] link new notes to "
     "[[{{s}}]]\n"},
    {"typescript",
     "export async function {{f}}(id: string): Promise<{{C}}> {\n  const res = await "
     "fetch(`/api/{{t}}/${id}`);\n  if (!res.ok) throw new Error(`HTTP "
     "${res.status}`);\n  return (await res.json()) as {{C}};\n}\n"},
    {"typescript",
     "type {{C}} = {\n  {{c}}: number;\n  {{d}}?: string;\n};\n\nconst {{v}}: "
     "{{C}}[] = [];\n"},
    {"javascript",
     "const {{v}} = items\n  .filter((x) => x.{{c}} > {{n}})\n  .map((x) => "
     "x.{{d}});\nconsole.log({{v}}.length);\n"},
    {"rust",
     "fn {{f}}(items: &[{{C}}]) -> Result<usize, Error> {\n    let n = items.iter().filter("
     "|x| x.{{c}} > {{n}}).count();\n    Ok(n)\n}\n"},
    {"rust",
     "#[derive(Debug, Clone, serde::Deserialize)]\nstruct {{C}} {\n    {{c}}: u64,\n    "
     "{{d}}: String,\n}\n"},
    {"go",
     "func {{F}}(ctx context.Context, db *sql.DB) error {\n\trows, err := "
     "db.QueryContext(ctx, \"SELECT {{c}} FROM {{t}}\")\n\tif err != nil {\n\t\treturn "
     "err\n\t}\n\tdefer rows.Close()\n\treturn rows.Err()\n}\n"},
    {"hcl",
     "resource \"aws_s3_bucket\" \"{{v}}\" {\n  bucket = \"{{t}}-{{n}}\"\n  tags = {\n    "
     "team = \"{{v}}\"\n  }\n}\n"},
    {"dockerfile",
     "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install "
     "--no-cache-dir -r requirements.txt\n# build #{{g}}\nCMD [\"python\", \"-m\", "
     "\"{{v}}\"]\n"},
    {"json", "{\n  \"{{c}}\": {{n}},\n  \"tags\": [\"#{{g}}\"],\n  \"link\": \"[[{{s}}]]\"\n}\n"},
    {"toml",
     "[dependencies]\ntokio = { version = \"1\", features = [\"full\"] }\nserde = { "
     "version = \"1\", features = [\"derive\"] }\n"},
    {"c",
     "#include <stdio.h>\n#include <sqlite3.h>\n\nint main(void) {\n    sqlite3 *db;\n    "
     "return sqlite3_open(\"{{t}}.db\", &db);\n}\n"},
};

constexpr std::string_view k_tables_ids =
    "users|orders|events|sessions|tickets|invoices|notes|page_views|payments|accounts|products|"
    "jobs|metrics|logs";
constexpr std::string_view k_column_ids =
    "user_id|created_at|status|amount|email|ticket_id|score|region|updated_at|priority|"
    "duration_ms|country|plan";
constexpr std::string_view k_function_ids =
    "load_rows|fetch_page|build_index|parse_note|run_batch|sync_users|compute_stats|"
    "retry_request|export_csv|warm_cache";
constexpr std::string_view k_type_ids = "Ticket|User|Order|Note|Event|Job|Metric|Invoice";
constexpr std::string_view k_var_ids = "api|worker|db|cache|web|etl|scheduler|notes|ingest";

constexpr std::string_view k_table_headers =
    "Option|Latency|Notes|Tool|When to use|Cost|Result|Before|After|Query|Rows|Time (ms)|"
    "Verdict|Setting|Default|Recommended|Memory|Throughput";

// Relevance markers: the emoji, then the same emoji as UTF-8 read as cp1252 (mojibake).
constexpr std::string_view k_relevance[6] = {"🟡", "🟢", "🔴", "ðŸŸ¡", "ðŸŸ¢", "ðŸ”´"};
constexpr std::string_view k_statuses[4] = {"unread", "reading", "done", "archived"};

// ------------------------------------------------------------------------------------------------
// Small text helpers

std::vector<std::string> split_list(std::string_view text, char separator = '|') {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(separator, start);
        if (end == std::string_view::npos) end = text.size();
        if (end > start) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
char to_upper(char c) {
    return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}
char to_lower(char c) {
    return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

void append_number(std::string& out, u64 value) {
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

std::string capitalized(std::string_view s) {
    std::string out(s);
    if (!out.empty()) out[0] = to_upper(out[0]);
    return out;
}

// "query plan" -> "Query Plan"; words that already hold a capital (SQL, PostgreSQL) are kept.
std::string title_case(std::string_view s) {
    static constexpr std::string_view small_words[] = {"a",   "an",  "and", "as",  "at", "by",
                                                       "for", "in",  "of",  "on",  "or", "the",
                                                       "to",  "via", "vs",  "with"};
    std::string out;
    size_t start = 0;
    bool first = true;
    while (start < s.size()) {
        size_t end = s.find(' ', start);
        if (end == std::string_view::npos) end = s.size();
        const std::string_view word = s.substr(start, end - start);
        if (!out.empty()) out += ' ';
        const bool has_upper = std::any_of(word.begin(), word.end(), is_upper);
        const bool small = std::find(std::begin(small_words), std::end(small_words), word) !=
                           std::end(small_words);
        if (has_upper || (small && !first))
            out += word;
        else
            out += capitalized(word);
        first = false;
        start = end + 1;
    }
    return out;
}

// Kebab-case slug words as the user's tool writes them: apostrophes vanish ("don't" -> "dont"),
// every other run of non-alphanumerics becomes one hyphen.
std::string slugify(std::string_view title, size_t max_length = 110) {
    std::string out;
    bool pending_hyphen = false;
    for (size_t i = 0; i < title.size(); ++i) {
        const char c = title[i];
        if (c == '\'') continue;
        if (title.substr(i, 3) == "’") {  // U+2019
            i += 2;
            continue;
        }
        if (title.substr(i, 8) == "â€™") {  // U+2019 as mojibake
            i += 7;
            continue;
        }
        if (is_lower(c) || is_upper(c) || is_digit(c)) {
            if (pending_hyphen && !out.empty()) out += '-';
            pending_hyphen = false;
            out += to_lower(c);
        } else {
            pending_hyphen = true;
        }
    }
    if (out.size() > max_length) {
        const size_t cut = out.rfind('-', max_length);
        out.resize(cut == std::string::npos || cut < 20 ? max_length : cut);
    }
    if (out.empty()) out = "untitled";
    return out;
}

size_t utf8_length(std::string_view s) {
    size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// PyYAML writes a string plain unless it could be read as something else.
bool yaml_plain_safe(std::string_view s) {
    if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
    if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos)
        return false;
    return s.find(": ") == std::string_view::npos && s.find(" #") == std::string_view::npos;
}

// `key: value` the way PyYAML emits it at width 80: plain or single-quoted, and folded at a space
// once the line is past column 80, continuation lines indented by two.
void append_yaml_scalar(std::string& out, std::string_view key, std::string_view value,
                        bool quoted) {
    out += key;
    out += ": ";
    size_t column = key.size() + 2;
    if (quoted) {
        out += '\'';
        ++column;
    }
    size_t start = 0;
    bool first = true;
    while (start <= value.size()) {
        size_t end = value.find(' ', start);
        if (end == std::string_view::npos) end = value.size();
        const std::string_view word = value.substr(start, end - start);
        if (!first) {
            if (column > 80) {
                out += "\n  ";
                column = 2;
            } else {
                out += ' ';
                ++column;
            }
        }
        for (const char c : word) {
            if (quoted && c == '\'') {
                out += '\'';
                ++column;
            }
            out += c;
        }
        column += utf8_length(word);
        first = false;
        start = end + 1;
    }
    if (quoted) out += '\'';
    out += '\n';
}

std::string third_person(std::string_view verb) {
    const size_t space = verb.find(' ');
    const std::string_view head = verb.substr(0, space);
    const std::string_view rest =
        space == std::string_view::npos ? std::string_view() : verb.substr(space);
    std::string out(head);
    auto ends_with = [&](std::string_view suffix) { return head.ends_with(suffix); };
    if (head == "be") {
        out = "is";
    } else if (head == "have") {
        out = "has";
    } else if (ends_with("s") || ends_with("x") || ends_with("z") || ends_with("ch") ||
               ends_with("sh") || ends_with("o")) {
        out += "es";
    } else if (head.size() > 1 && head.back() == 'y' &&
               std::string_view("aeiou").find(head[head.size() - 2]) == std::string_view::npos) {
        out.pop_back();
        out += "ies";
    } else {
        out += 's';
    }
    out += rest;
    return out;
}

// "a" or "an" before a word, including spoken-letter acronyms ("an SQL", "an ORM").
bool wants_an(std::string_view word) {
    if (word.empty()) return false;
    const bool acronym = word.size() > 1 && is_upper(word[0]) && is_upper(word[1]);
    if (acronym) return std::string_view("AEFHILMNORSX").find(word[0]) != std::string_view::npos;
    return std::string_view("aeiouAEIOU").find(word[0]) != std::string_view::npos;
}

// ------------------------------------------------------------------------------------------------
// The vocabulary: everything that does not depend on --seed, built once.

constexpr u16 k_tag_capital = 0x8000;  // tag written with a capital letter ('#Python')
constexpr u16 k_heading_sub = 0x8000;  // a ### sub-heading

struct Domain {
    std::string name;
    std::string folder;
    std::vector<std::string> tools;
    std::vector<std::string> terms;
    std::vector<std::string> terms_title;
    std::vector<u16> tags;
    std::vector<u16> headings;
    std::vector<u16> langs;  // indices into Vocabulary::langs
    WeightedTable tool_table, term_table, tag_table, heading_table, lang_table;
};

struct Language {
    std::string name;
    std::vector<std::string_view> snippets;
};

struct Vocabulary {
    std::vector<std::string> nouns, verbs, verbs_s, adjectives, adverbs, prepositions;
    WeightedTable noun_table, verb_table, adjective_table, adverb_table;
    std::vector<std::string> morph_prefix, morph_root, morph_suffix;
    std::vector<std::string> tags;
    WeightedTable tag_table;
    std::vector<std::string> headings;  // every heading text; ids are u16
    std::vector<u16> generic_headings;
    WeightedTable generic_heading_table;
    u16 h_how_to_apply = 0, h_relevance = 0, h_source = 0, h_related = 0;
    std::array<u16, 3> h_whats_new{};
    std::vector<Domain> domains;
    WeightedTable domain_table;
    std::vector<Language> langs;
    std::vector<std::string> sentences, title_templates, title_things, title_adjectives,
        title_verbs, title_subtitles, authors, how_to_apply;
    std::vector<std::string> table_ids, column_ids, function_ids, type_ids, var_ids, table_headers;

    Vocabulary();
    u16 tag_id(std::string_view name);
    u16 heading_id(const std::string& text, std::unordered_set<std::string>& seen);
};

u16 Vocabulary::tag_id(std::string_view name) {
    for (size_t i = 0; i < tags.size(); ++i)
        if (tags[i] == name) return static_cast<u16>(i);
    tags.emplace_back(name);
    return static_cast<u16>(tags.size() - 1);
}

u16 Vocabulary::heading_id(const std::string& text, std::unordered_set<std::string>& seen) {
    if (seen.insert(text).second) {
        headings.push_back(text);
        return static_cast<u16>(headings.size() - 1);
    }
    for (size_t i = 0; i < headings.size(); ++i)
        if (headings[i] == text) return static_cast<u16>(i);
    return 0;
}

Vocabulary::Vocabulary() {
    nouns = split_list(k_nouns_text);
    const size_t real_nouns = nouns.size();
    verbs = split_list(k_verbs_text);
    adjectives = split_list(k_adjectives_text);
    adverbs = split_list(k_adverbs_text);
    prepositions = split_list(k_prepositions_text);
    morph_prefix = split_list(k_morph_prefix);
    morph_root = split_list(k_morph_root);
    morph_suffix = split_list(k_morph_suffix);

    // The long tail: made-up words after the real ones, so they are drawn rarely. A fixed seed
    // keeps the vocabulary identical for every --seed.
    {
        Rng rng(0x6E6F746573ULL);
        std::unordered_set<std::string> seen(nouns.begin(), nouns.end());
        const size_t target = nouns.size() + 3200;
        while (nouns.size() < target) {
            std::string word = rng.pick(morph_prefix);
            word += rng.pick(morph_root);
            if (rng.per_mille(700)) word += rng.pick(morph_suffix);
            if (seen.insert(word).second) nouns.push_back(std::move(word));
        }
    }
    for (const auto& verb : verbs) verbs_s.push_back(third_person(verb));
    // The made-up tail is an eighth as likely as a Zipf law alone would make it: a few percent of
    // the nouns, so most words are real but many distinct terms are rare.
    std::vector<u64> noun_weights = zipf_weights(nouns.size(), 40);
    for (size_t r = real_nouns; r < noun_weights.size(); ++r) noun_weights[r] /= 8;
    noun_table = WeightedTable(noun_weights);
    verb_table = WeightedTable(zipf_weights(verbs.size(), 48));
    adjective_table = WeightedTable(zipf_weights(adjectives.size(), 48));
    adverb_table = WeightedTable(zipf_weights(adverbs.size(), 64));

    tags = split_list(k_tags_text);

    std::unordered_set<std::string> seen_headings;
    for (const auto& text : split_list(k_generic_headings))
        generic_headings.push_back(heading_id(text, seen_headings));
    generic_heading_table = WeightedTable(zipf_weights(generic_headings.size(), 160));
    for (size_t i = 0; i < 3; ++i)
        h_whats_new[i] = heading_id(std::string(k_whats_new[i]), seen_headings);
    h_how_to_apply = heading_id("How to apply", seen_headings);
    h_relevance = heading_id("Relevance", seen_headings);
    h_source = heading_id("Source", seen_headings);
    h_related = heading_id("Related notes", seen_headings);

    for (const Snippet& snippet : k_snippets) {
        auto it = std::find_if(langs.begin(), langs.end(),
                               [&](const Language& l) { return l.name == snippet.lang; });
        if (it == langs.end()) {
            langs.push_back(Language{std::string(snippet.lang), {}});
            it = langs.end() - 1;
        }
        it->snippets.push_back(snippet.text);
    }

    std::vector<u64> domain_weights;
    for (const DomainSpec& spec : k_domain_specs) {
        Domain d;
        d.name = spec.name;
        d.folder = spec.folder;
        d.tools = split_list(spec.tools);
        d.terms = split_list(spec.terms);
        for (const auto& term : d.terms) d.terms_title.push_back(title_case(term));
        for (const auto& tag : split_list(spec.tags)) d.tags.push_back(tag_id(tag));
        std::vector<u64> lang_weights;
        for (const auto& item : split_list(spec.langs)) {
            const size_t colon = item.find(':');
            const std::string name = item.substr(0, colon);
            u64 weight = 1;
            std::from_chars(item.data() + colon + 1, item.data() + item.size(), weight);
            for (size_t i = 0; i < langs.size(); ++i) {
                if (langs[i].name == name) {
                    d.langs.push_back(static_cast<u16>(i));
                    lang_weights.push_back(weight);
                }
            }
        }
        static constexpr std::string_view term_headings[] = {
            "Tuning {}", "{} in practice", "Why {} matters", "Measuring {}", "{} pitfalls"};
        for (size_t t = 0; t < std::min<size_t>(12, d.terms.size()); ++t) {
            for (const std::string_view pattern : term_headings) {
                std::string text(pattern);
                const size_t at = text.find("{}");
                text.replace(at, 2, at == 0 ? capitalized(d.terms[t]) : d.terms[t]);
                d.headings.push_back(heading_id(text, seen_headings));
            }
        }
        for (const auto& tool : d.tools) {
            d.headings.push_back(heading_id("Getting started with " + tool, seen_headings));
            d.headings.push_back(heading_id(tool + " configuration", seen_headings));
        }
        d.tool_table = WeightedTable(zipf_weights(d.tools.size(), 24));
        d.term_table = WeightedTable(zipf_weights(d.terms.size(), 64));
        d.tag_table = WeightedTable(zipf_weights(d.tags.size(), 20));
        d.heading_table = WeightedTable(zipf_weights(d.headings.size(), 64));
        d.lang_table = WeightedTable(lang_weights);
        domain_weights.push_back(spec.weight);
        domains.push_back(std::move(d));
    }
    domain_table = WeightedTable(domain_weights);
    tag_table = WeightedTable(zipf_weights(tags.size(), 24));

    sentences = split_list(k_sentences);
    title_templates = split_list(k_title_templates);
    title_things = split_list(k_title_things);
    title_adjectives = split_list(k_title_adjectives);
    title_verbs = split_list(k_title_verbs);
    title_subtitles = split_list(k_title_subtitles);
    authors = split_list(k_authors);
    how_to_apply = split_list(k_how_to_apply);
    table_ids = split_list(k_tables_ids);
    column_ids = split_list(k_column_ids);
    function_ids = split_list(k_function_ids);
    type_ids = split_list(k_type_ids);
    var_ids = split_list(k_var_ids);
    table_headers = split_list(k_table_headers);
}

// ------------------------------------------------------------------------------------------------
// Dates: day 0 is 2024-01-01, the last day 2026-12-31.

struct Calendar {
    std::vector<std::string> iso;
    Calendar() {
        static constexpr int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        for (int year = 2024; year <= 2026; ++year) {
            for (int month = 1; month <= 12; ++month) {
                const int days = month_days[month - 1] + (month == 2 && year % 4 == 0 ? 1 : 0);
                for (int day = 1; day <= days; ++day) {
                    const auto two = [](int n) {
                        return std::string{static_cast<char>('0' + n / 10),
                                           static_cast<char>('0' + n % 10)};
                    };
                    iso.push_back(std::to_string(year) + "-" + two(month) + "-" + two(day));
                }
            }
        }
    }
    u32 days() const { return static_cast<u32>(iso.size()); }
};

// ------------------------------------------------------------------------------------------------
// The plan of a vault

enum class LinkForm : u8 { plain, label, heading, embed, self_heading, with_extension };
enum class InvalidYaml : u8 { none, unclosed_quote, tab_indent, colon_in_plain, dash_no_space };
enum class TextStyle : u8 { ascii, curly, mojibake };

struct LinkTarget {
    i32 note = 0;     // >= 0: an existing note; < 0: a missing one, Vault::broken[-1 - note]
    u16 heading = 0;  // heading id for LinkForm::heading and LinkForm::self_heading
    LinkForm form = LinkForm::plain;
};

struct Note {
    std::string title;  // as written by the author, Markdown included
    std::string slug;
    std::vector<u16> tags;      // sorted by text; k_tag_capital marks a capitalised spelling
    std::vector<u16> headings;  // section headings in order; k_heading_sub marks ###
    std::vector<LinkTarget> related;
    std::vector<LinkTarget> body_links;
    u32 order = 0;  // generation order, the tie-break when sorting by date
    u32 file_target = 0;
    u16 day = 0;
    u8 domain = 0;
    u8 status = 0;
    u8 relevance = 0;
    u8 folder = 0;  // 0: vault root, else 1 + domain
    TextStyle style = TextStyle::ascii;
    InvalidYaml invalid = InvalidYaml::none;
    bool hub = false;
};

struct Options {
    u64 notes = 0;
    u64 seed = 1;
    std::string out;
    i64 subdirs = -1;  // -1: default by size
    unsigned jobs = 0;
    bool force = false;
    bool stats = false;
};

struct PlanStats {
    u64 related = 0, related_broken = 0, body = 0, body_broken = 0, anchors = 0, broken_anchors = 0,
        embeds = 0, self_anchors = 0, hubs = 0, folders = 0;
    std::array<u64, 5> invalid{};
};

class Vault {
  public:
    Vault(const Vocabulary& vocab, const Calendar& calendar, const Options& options);

    const Vocabulary& vocab;
    const Calendar& calendar;
    std::vector<Note> notes;
    std::vector<std::string> broken;
    std::vector<std::string> folders;  // index 0 is the root ("")
    PlanStats stats;

    std::string make_title(Rng& rng, const Domain& domain, TextStyle style) const;
    const std::string& target_slug(const LinkTarget& link) const {
        return link.note >= 0 ? notes[static_cast<size_t>(link.note)].slug
                              : broken[static_cast<size_t>(-1 - link.note)];
    }

  private:
    void generate_metadata(Rng& rng, u64 count);
    void assign_slugs();
    void assign_folders(Rng& rng, i64 subdirs);
    void build_lists();
    void choose_hubs(Rng& rng);
    void plan_related(Rng& rng);
    void plan_headings(Rng& rng);
    void plan_body_links(Rng& rng);
    i32 pick_target(Rng& rng, u32 self, const std::vector<LinkTarget>& avoid);
    i32 pick_nearby(Rng& rng, const std::vector<u32>& list, u32 self, u64 window) const;
    i32 make_broken(Rng& rng);
    std::vector<u16> all_headings(const Note& note) const;

    std::unordered_set<std::string> m_slugs;  // membership only, never iterated
    std::vector<std::vector<u32>> m_by_domain;
    std::vector<std::vector<u32>> m_by_tag;
    std::vector<u32> m_all;
    std::vector<std::vector<u32>> m_hubs;  // per domain, most-linked first
    std::vector<WeightedTable> m_hub_tables;
};

Vault::Vault(const Vocabulary& vocabulary, const Calendar& cal, const Options& options)
    : vocab(vocabulary), calendar(cal) {
    Rng rng(stream_seed(options.seed, 1, 0));
    generate_metadata(rng, options.notes);
    // Date order makes "nearby" a matter of list positions; ties keep generation order.
    std::sort(notes.begin(), notes.end(), [](const Note& a, const Note& b) {
        return a.day != b.day ? a.day < b.day : a.order < b.order;
    });
    assign_slugs();
    assign_folders(rng, options.subdirs);
    build_lists();
    choose_hubs(rng);
    plan_related(rng);
    plan_headings(rng);
    plan_body_links(rng);
}

std::string Vault::make_title(Rng& rng, const Domain& domain, TextStyle style) const {
    static constexpr u64 numbers[] = {3, 5, 5, 7, 7, 8, 10, 10, 12, 15, 20};
    static constexpr std::string_view versions[] = {"17", "3.13", "2.0", "5", "1.0", "4.2", "16"};
    const std::string& pattern = rng.pick(vocab.title_templates);
    // Emphasis on the first tool name: 0 none, 1 **bold**, 2 `code`, 3 *italic*.
    const u64 e = rng.below(1000);
    int emphasis = e < 30 ? 1 : e < 50 ? 2 : e < 60 ? 3 : 0;
    const size_t tool = domain.tool_table.sample(rng);
    const size_t tool2 = (tool + 1 + rng.below(domain.tools.size() - 1)) % domain.tools.size();
    const size_t term = domain.term_table.sample(rng);
    const size_t term2 = (term + 1 + rng.below(domain.terms.size() - 1)) % domain.terms.size();
    const size_t adjective = rng.below(vocab.title_adjectives.size());

    std::string title;
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') {
            title += pattern[i];
            continue;
        }
        const size_t close = pattern.find('}', i);
        const std::string_view slot(pattern.data() + i + 1, close - i - 1);
        i = close;
        if (slot == "Tool") {
            const std::string& name = domain.tools[tool];
            if (emphasis == 1)
                title += "**" + name + "**";
            else if (emphasis == 2)
                title += "`" + name + "`";
            else if (emphasis == 3)
                title += "*" + name + "*";
            else
                title += name;
            emphasis = 0;
        } else if (slot == "Tool2") {
            title += domain.tools[tool2];
        } else if (slot == "Term") {
            title += domain.terms_title[term];
        } else if (slot == "Term2") {
            title += domain.terms_title[term2];
        } else if (slot == "N") {
            append_number(title, rng.pick(numbers));
        } else if (slot == "Adj") {
            title += vocab.title_adjectives[adjective];
        } else if (slot == "Adj2") {
            title += vocab.title_adjectives[(adjective + 1 + rng.below(5)) %
                                            vocab.title_adjectives.size()];
        } else if (slot == "Verb") {
            title += rng.pick(vocab.title_verbs);
        } else if (slot == "Things") {
            title += rng.pick(vocab.title_things);
        } else if (slot == "Sub") {
            title += rng.pick(vocab.title_subtitles);
        } else if (slot == "Year") {
            append_number(title, rng.between(2024, 2026));
        } else if (slot == "Version") {
            title += rng.pick(versions);
        } else if (slot == "Pct") {
            append_number(title, rng.between(2, 9) * 10);
            title += '%';
        } else if (slot == "'") {
            title += style == TextStyle::curly ? "’" : style == TextStyle::mojibake ? "â€™" : "'";
        }
    }
    // "a" before a vowel sound became "an" when the slots were filled.
    for (size_t at = title.find(" a "); at != std::string::npos; at = title.find(" a ", at + 1)) {
        if (wants_an(std::string_view(title).substr(at + 3))) title.insert(at + 2, "n");
    }
    if (rng.per_mille(120)) title = "**" + title + "**";
    return title;
}

void Vault::generate_metadata(Rng& rng, u64 count) {
    notes.resize(count);
    const u32 days = calendar.days();
    for (u64 i = 0; i < count; ++i) {
        Note& note = notes[i];
        note.order = static_cast<u32>(i);
        // A vault grows: later days get somewhat more notes.
        u32 day = rng.below32(days);
        if (rng.per_mille(400)) day = std::max(day, rng.below32(days));
        note.day = static_cast<u16>(day);
        note.domain = static_cast<u8>(vocab.domain_table.sample(rng));
        const Domain& domain = vocab.domains[note.domain];

        const u64 s = rng.below(1000);
        note.style = s < 550 ? TextStyle::ascii : s < 750 ? TextStyle::curly : TextStyle::mojibake;
        const TextStyle title_style = rng.per_mille(850) ? TextStyle::ascii : note.style;
        note.title = make_title(rng, domain, title_style);

        // Relevance: an emoji; notes that went through a cp1252 round trip carry the mojibake.
        const bool mojibake = rng.per_mille(note.style == TextStyle::mojibake ? 850 : 80);
        const u64 r = rng.below(100);
        note.relevance = static_cast<u8>((r < 50 ? 0 : r < 85 ? 1 : 2) + (mojibake ? 3 : 0));
        const u64 st = rng.below(100);
        note.status = static_cast<u8>(st < 62 ? 0 : st < 72 ? 1 : st < 92 ? 2 : 3);

        // 1-8 tags, 60% from the domain's favourites, the rest from the global Zipf law.
        static constexpr u64 tag_count_weights[] = {6, 10, 17, 20, 18, 13, 9, 7};
        u64 pick = rng.below(100);
        size_t tag_count = 1;
        for (const u64 w : tag_count_weights) {
            if (pick < w) break;
            pick -= w;
            ++tag_count;
        }
        for (int attempt = 0; note.tags.size() < tag_count && attempt < 40; ++attempt) {
            const u16 tag = rng.per_mille(600) ? domain.tags[domain.tag_table.sample(rng)]
                                               : static_cast<u16>(vocab.tag_table.sample(rng));
            if (std::find(note.tags.begin(), note.tags.end(), tag) == note.tags.end())
                note.tags.push_back(tag);
        }
        std::sort(note.tags.begin(), note.tags.end(),
                  [&](u16 a, u16 b) { return vocab.tags[a] < vocab.tags[b]; });
        for (u16& tag : note.tags)
            if (rng.per_mille(15)) tag |= k_tag_capital;

        // File size: most 2-4 KB, a few short stubs, a tail to about 15 KB.
        const u64 size_class = rng.below(1000);
        if (size_class < 70)
            note.file_target = 0;  // a stub: the body alone is a few hundred bytes
        else if (size_class < 860) {
            const u64 a = rng.below(1001);
            note.file_target = static_cast<u32>(2000 + a + rng.below(1001));
        } else {
            const u64 span = rng.below(11001);
            note.file_target = static_cast<u32>(4000 + span * (1 + rng.below(1000)) / 1000);
        }

        // About 1% of the notes have front matter that no YAML parser accepts.
        if (rng.per_mille(10)) {
            note.invalid = static_cast<InvalidYaml>(1 + rng.below(4));
            const bool needs_quotes = !yaml_plain_safe(note.title);
            if (note.invalid == InvalidYaml::colon_in_plain && !needs_quotes)
                note.invalid = InvalidYaml::unclosed_quote;
        }
    }
}

void Vault::assign_slugs() {
    m_slugs.reserve(notes.size() * 2);
    for (Note& note : notes) {
        const std::string base = calendar.iso[note.day] + "-" + slugify(note.title);
        std::string slug = base;
        for (u64 k = 2; !m_slugs.insert(slug).second; ++k) {
            slug = base + "-";
            append_number(slug, k);
        }
        note.slug = std::move(slug);
    }
}

// --subdirs K: the K most common domains get a topic folder holding most of their notes; the rest
// (other domains, and an "inbox" share of every domain) stay at the root, as in a real vault.
void Vault::assign_folders(Rng& rng, i64 subdirs) {
    folders.emplace_back();
    for (i64 k = 0; k < subdirs; ++k)
        folders.push_back(vocab.domains[static_cast<size_t>(k)].folder);
    for (Note& note : notes) {
        if (note.domain < subdirs && rng.per_mille(880))
            note.folder = static_cast<u8>(note.domain + 1);
    }
    stats.folders = folders.size() - 1;
}

void Vault::build_lists() {
    m_by_domain.assign(vocab.domains.size(), {});
    m_by_tag.assign(vocab.tags.size(), {});
    m_all.resize(notes.size());
    for (u32 i = 0; i < notes.size(); ++i) {
        m_all[i] = i;
        m_by_domain[notes[i].domain].push_back(i);
        for (const u16 tag : notes[i].tags) m_by_tag[tag & ~k_tag_capital].push_back(i);
    }
}

// Hub notes (about one in 250 of a domain, at least one) attract many links; within a domain the
// first hub gets the most, a Zipf law again.
void Vault::choose_hubs(Rng& rng) {
    m_hubs.assign(vocab.domains.size(), {});
    m_hub_tables.resize(vocab.domains.size());
    for (size_t d = 0; d < vocab.domains.size(); ++d) {
        std::vector<u32> pool = m_by_domain[d];
        const size_t count = pool.empty() ? 0 : std::max<size_t>(1, pool.size() / 250);
        for (size_t k = 0; k < count; ++k) {
            const size_t at = k + rng.below(pool.size() - k);
            std::swap(pool[k], pool[at]);
            m_hubs[d].push_back(pool[k]);
            notes[pool[k]].hub = true;
        }
        m_hub_tables[d] = WeightedTable(zipf_weights(count, 16));
        stats.hubs += count;
    }
}

// A position near `self` in an ascending list of note indices: mostly earlier notes (one links to
// what one has read), at a distance skewed towards the closest.
i32 Vault::pick_nearby(Rng& rng, const std::vector<u32>& list, u32 self, u64 window) const {
    if (list.size() < 2) return -1;
    const i64 size = static_cast<i64>(list.size());
    const i64 pos = std::lower_bound(list.begin(), list.end(), self) - list.begin();
    const u64 a = rng.below(window);
    const i64 distance = 1 + static_cast<i64>(a * rng.below(window) / window);
    i64 at = rng.per_mille(750) ? pos - distance : pos + (distance + 2) / 3;
    if (at < 0) at = pos + distance;
    if (at >= size) at = pos - distance;
    at = std::clamp<i64>(at, 0, size - 1);
    return static_cast<i32>(list[static_cast<size_t>(at)]);
}

// Missing targets: a plausible note nobody wrote, a near miss of an existing slug (a typo, a
// dropped word, another date), or a missing note that other notes already link to.
i32 Vault::make_broken(Rng& rng) {
    if (!broken.empty() && rng.per_mille(300))
        return -1 - static_cast<i32>(rng.below(broken.size()));
    for (;;) {
        std::string slug;
        if (!notes.empty() && rng.per_mille(500)) {
            slug = notes[rng.below(notes.size())].slug;
            const size_t last = slug.rfind('-');
            switch (rng.below(3)) {
                case 0:
                    if (last > 14)
                        slug.resize(last);  // a dropped last word
                    else
                        slug += "-notes";
                    break;
                case 1: {  // two letters swapped
                    if (slug.size() < 14) {
                        slug += "-draft";
                        break;
                    }
                    const size_t at = 11 + rng.below(slug.size() - 12);
                    std::swap(slug[at], slug[at + 1]);
                    break;
                }
                default:  // the same title on another day
                    slug.replace(0, 10, calendar.iso[rng.below(calendar.days())]);
                    break;
            }
        } else {
            const Domain& domain = vocab.domains[vocab.domain_table.sample(rng)];
            slug = calendar.iso[rng.below(calendar.days())];
            slug += '-';
            slug += slugify(make_title(rng, domain, TextStyle::ascii));
        }
        if (!m_slugs.contains(slug)) {
            broken.push_back(std::move(slug));
            return -1 - static_cast<i32>(broken.size() - 1);
        }
    }
}

// Link targets are not uniform: same domain and a few days earlier, a shared tag, a hub; 3% miss.
i32 Vault::pick_target(Rng& rng, u32 self, const std::vector<LinkTarget>& avoid) {
    const Note& note = notes[self];
    auto acceptable = [&](i32 t) {
        if (t < 0 || static_cast<u32>(t) == self) return false;
        return std::none_of(avoid.begin(), avoid.end(),
                            [&](const LinkTarget& l) { return l.note == t; });
    };
    if (rng.per_mille(30) || notes.size() < 2) return make_broken(rng);
    for (int attempt = 0; attempt < 12; ++attempt) {
        const u64 r = rng.below(1000);
        i32 t = -1;
        if (r < 110) {
            const size_t d = rng.per_mille(800) ? note.domain : vocab.domain_table.sample(rng);
            if (!m_hubs[d].empty()) t = static_cast<i32>(m_hubs[d][m_hub_tables[d].sample(rng)]);
        } else if (r < 620) {
            t = pick_nearby(rng, m_by_domain[note.domain], self, 48);
        } else if (r < 870) {
            const u16 tag = note.tags[rng.below(note.tags.size())] & ~k_tag_capital;
            t = pick_nearby(rng, m_by_tag[tag], self, 32);
        } else if (r < 960) {
            t = pick_nearby(rng, m_all, self, 400);
        } else {
            t = static_cast<i32>(rng.below(notes.size()));
        }
        if (acceptable(t)) return t;
    }
    for (;;) {
        const i32 t = static_cast<i32>(rng.below(notes.size()));
        if (static_cast<u32>(t) != self) return t;
    }
}

void Vault::plan_related(Rng& rng) {
    static constexpr u64 count_weights[] = {8, 12, 18, 20, 16, 12, 8, 6};  // 1..8 related links
    for (u32 i = 0; i < notes.size(); ++i) {
        u64 pick = rng.below(100);
        size_t count = 1;
        for (const u64 w : count_weights) {
            if (pick < w) break;
            pick -= w;
            ++count;
        }
        std::vector<LinkTarget> related;
        for (size_t k = 0; k < count; ++k) {
            LinkTarget link;
            link.note = pick_target(rng, i, related);
            related.push_back(link);
            ++stats.related;
            if (link.note < 0) ++stats.related_broken;
        }
        notes[i].related = std::move(related);
    }
}

// Section headings are planned up front so that [[slug#Heading]] links can name real headings.
void Vault::plan_headings(Rng& rng) {
    for (Note& note : notes) {
        u64 estimate = 300 + note.title.size() + note.tags.size() * 14;
        for (const LinkTarget& link : note.related) estimate += 2 * (target_slug(link).size() + 10);
        const u64 body = note.file_target > estimate + 400 ? note.file_target - estimate : 300;
        const size_t sections =
            note.file_target == 0 ? rng.below(2) : std::clamp<size_t>(body / 650, 1, 24);
        std::vector<u16> headings;
        const bool whats_new = sections > 0 && rng.per_mille(450);
        const bool how_to_apply = sections > 1 && rng.per_mille(550);
        if (whats_new) headings.push_back(vocab.h_whats_new[static_cast<size_t>(note.style)]);
        const Domain& domain = vocab.domains[note.domain];
        while (headings.size() + (how_to_apply ? 1 : 0) < sections) {
            const u16 h = rng.per_mille(400)
                              ? domain.headings[domain.heading_table.sample(rng)]
                              : vocab.generic_headings[vocab.generic_heading_table.sample(rng)];
            const bool duplicate = std::any_of(headings.begin(), headings.end(),
                                               [&](u16 x) { return (x & ~k_heading_sub) == h; });
            if (duplicate) continue;
            const bool sub = !headings.empty() && rng.per_mille(250);
            headings.push_back(sub ? static_cast<u16>(h | k_heading_sub) : h);
        }
        if (how_to_apply) headings.push_back(vocab.h_how_to_apply);
        note.headings = std::move(headings);
    }
}

std::vector<u16> Vault::all_headings(const Note& note) const {
    std::vector<u16> out;
    for (const u16 h : note.headings) out.push_back(h & ~k_heading_sub);
    out.push_back(vocab.h_relevance);
    out.push_back(vocab.h_source);
    out.push_back(vocab.h_related);
    return out;
}

void Vault::plan_body_links(Rng& rng) {
    for (u32 i = 0; i < notes.size(); ++i) {
        Note& note = notes[i];
        // 0-20 links: 12% of the notes have none, otherwise a geometric law with mean ~4.5.
        size_t count = 0;
        if (!rng.per_mille(120)) {
            count = 1;
            while (count < 20 && rng.per_mille(780)) ++count;
        }
        // Short notes hold fewer links: about one per 300 bytes at most.
        count = std::min<size_t>(count, note.file_target == 0 ? 2 : 2 + note.file_target / 300);
        std::vector<LinkTarget> links;
        for (size_t k = 0; k < count; ++k) {
            LinkTarget link;
            const LinkTarget& reuse = note.related[rng.below(note.related.size())];
            if (reuse.note >= 0 && rng.per_mille(250))
                link.note = reuse.note;
            else
                link.note = pick_target(rng, i, links);
            const u64 f = rng.below(1000);
            link.form = f < 560   ? LinkForm::plain
                        : f < 760 ? LinkForm::label
                        : f < 880 ? LinkForm::heading
                        : f < 910 ? LinkForm::embed
                        : f < 930 ? LinkForm::self_heading
                        : f < 945 ? LinkForm::with_extension
                                  : LinkForm::plain;
            if (link.form == LinkForm::heading && link.note >= 0) {
                const std::vector<u16> headings =
                    all_headings(notes[static_cast<size_t>(link.note)]);
                if (rng.per_mille(920)) {
                    link.heading = headings[rng.below(headings.size())];
                } else {  // an anchor to a heading the target does not have
                    do {
                        link.heading =
                            vocab.generic_headings[rng.below(vocab.generic_headings.size())];
                    } while (std::find(headings.begin(), headings.end(), link.heading) !=
                             headings.end());
                    ++stats.broken_anchors;
                }
                ++stats.anchors;
            } else if (link.form == LinkForm::heading) {
                link.heading = vocab.generic_headings[rng.below(vocab.generic_headings.size())];
            } else if (link.form == LinkForm::self_heading) {
                if (note.headings.empty()) {
                    link.form = LinkForm::plain;
                } else {
                    link.note = static_cast<i32>(i);
                    link.heading = note.headings[rng.below(note.headings.size())] & ~k_heading_sub;
                    ++stats.self_anchors;
                }
            }
            if (link.form == LinkForm::embed) ++stats.embeds;
            if (link.note < 0) ++stats.body_broken;
            ++stats.body;
            links.push_back(link);
        }
        note.body_links = std::move(links);
        if (note.invalid != InvalidYaml::none) ++stats.invalid[static_cast<size_t>(note.invalid)];
    }
}

// ------------------------------------------------------------------------------------------------
// Rendering one note

class NoteWriter {
  public:
    NoteWriter(const Vault& vault, u32 index, u64 seed, std::string& out)
        : m_vault(vault),
          m_vocab(vault.vocab),
          m_note(vault.notes[index]),
          m_domain(vault.vocab.domains[m_note.domain]),
          m_rng(stream_seed(seed, 2, index)),
          m_out(out) {}

    void write();

  private:
    void front_matter();
    void tldr();
    void section(size_t number);
    void block();
    void paragraph(size_t sentences);
    void sentence(std::string& out, bool allow_link);
    void bullets(bool numbered);
    void code_block();
    void table();
    void callout();
    void how_to_apply();
    void leftovers();
    void append_link(std::string& out, const LinkTarget& link, bool in_table);
    void append_inline_tag(std::string& out);
    void append_apostrophe(std::string& out) const;
    void append_noun_phrase(std::string& out, bool domain_term);
    const std::string& noun() { return m_vocab.nouns[m_vocab.noun_table.sample(m_rng)]; }
    std::string rare_word();
    std::string label_for(const LinkTarget& link);
    bool link_due();
    size_t body_size() const { return m_out.size() - m_body_start; }

    const Vault& m_vault;
    const Vocabulary& m_vocab;
    const Note& m_note;
    const Domain& m_domain;
    Rng m_rng;
    std::string& m_out;
    std::string m_source;
    std::string m_tail;
    std::string m_scratch;
    size_t m_body_start = 0;
    size_t m_body_target = 0;
    size_t m_next_link = 0;
    enum class Block : u8 { none, paragraph, list, code, table, quote } m_last = Block::none;
};

void NoteWriter::append_apostrophe(std::string& out) const {
    out += m_note.style == TextStyle::curly      ? "’"
           : m_note.style == TextStyle::mojibake ? "â€™"
                                                 : "'";
}

std::string NoteWriter::rare_word() {
    std::string word = m_rng.pick(m_vocab.morph_prefix);
    word += m_rng.pick(m_vocab.morph_root);
    word += m_rng.pick(m_vocab.morph_suffix);
    if (m_rng.per_mille(300)) append_number(word, m_rng.between(2, 99));
    return word;
}

void NoteWriter::append_noun_phrase(std::string& out, bool domain_term) {
    static constexpr std::string_view determiners[] = {"the",  "the",  "the", "the",  "a",
                                                       "a",    "this", "our", "your", "every",
                                                       "each", "that", "any", "the",  "a"};
    const std::string_view det = m_rng.pick(determiners);
    std::string words;
    if (m_rng.per_mille(300)) {
        words += m_vocab.adjectives[m_vocab.adjective_table.sample(m_rng)];
        words += ' ';
    }
    if (domain_term)
        words += m_domain.terms[m_domain.term_table.sample(m_rng)];
    else if (m_rng.per_mille(15))
        words += rare_word();
    else
        words += noun();
    if (det == "a")
        out += wants_an(words) ? "an" : "a";
    else
        out += det;
    out += ' ';
    out += words;
}

void NoteWriter::append_inline_tag(std::string& out) {
    u16 tag = 0;
    if (m_rng.per_mille(600))
        tag = m_note.tags[m_rng.below(m_note.tags.size())];
    else
        tag = static_cast<u16>(m_vocab.tag_table.sample(m_rng));
    out += '#';
    const std::string& text = m_vocab.tags[tag & ~k_tag_capital];
    out += (tag & k_tag_capital) ? capitalized(text) : text;
}

std::string NoteWriter::label_for(const LinkTarget& link) {
    std::string source;
    if (link.note >= 0) {
        for (const char c : m_vault.notes[static_cast<size_t>(link.note)].title)
            if (c != '*' && c != '`') source += c;
    } else {
        const std::string& slug = m_vault.target_slug(link);
        for (const char c : std::string_view(slug).substr(std::min<size_t>(11, slug.size())))
            source += c == '-' ? ' ' : c;
    }
    // The first few words, without characters that would end the link early.
    std::string label;
    size_t words = 2 + m_rng.below(4);
    for (const char c : source) {
        if (c == ' ' && --words == 0) break;
        if (c == '|' || c == ']' || c == '[' || c == '#' || c == '^') continue;
        label += c;
    }
    while (!label.empty() && (label.back() == ':' || label.back() == ',' || label.back() == ' '))
        label.pop_back();
    if (m_rng.per_mille(500)) std::transform(label.begin(), label.end(), label.begin(), to_lower);
    return label.empty() ? std::string("this note") : label;
}

void NoteWriter::append_link(std::string& out, const LinkTarget& link, bool in_table) {
    const std::string& slug = m_vault.target_slug(link);
    switch (link.form) {
        case LinkForm::plain:
            out += "[[" + slug + "]]";
            break;
        case LinkForm::with_extension:
            out += "[[" + slug + ".md]]";
            break;
        case LinkForm::label:
            out += "[[" + slug + (in_table ? "\\|" : "|") + label_for(link) + "]]";
            break;
        case LinkForm::heading:
            out += "[[" + slug + "#" + m_vocab.headings[link.heading] + "]]";
            break;
        case LinkForm::embed:
            out += "![[" + slug + "]]";
            break;
        case LinkForm::self_heading:
            out += "[[#" + m_vocab.headings[link.heading] + "]]";
            break;
    }
}

// Spread the planned links over the text: the chance per sentence is what is left to place divided
// by the sentences that are likely to remain. Embeds wait for a paragraph of their own.
bool NoteWriter::link_due() {
    if (m_next_link >= m_note.body_links.size()) return false;
    if (m_note.body_links[m_next_link].form == LinkForm::embed) return false;
    const size_t remaining = m_note.body_links.size() - m_next_link;
    const size_t used = body_size() + m_tail.size();
    const size_t left = m_body_target > used ? m_body_target - used : 0;
    const size_t sentences = std::max<size_t>(1, left / 200);
    return m_rng.below(sentences) < remaining;
}

void NoteWriter::sentence(std::string& out, bool allow_link) {
    const size_t start = out.size();
    const std::string& pattern = m_vocab.sentences[m_rng.below(m_vocab.sentences.size())];
    size_t last_tool = SIZE_MAX;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c != '{') {
            out += c;
            continue;
        }
        const char slot = pattern[i + 1];
        i += 2;
        switch (slot) {
            case 'N':
                append_noun_phrase(out, false);
                break;
            case 'D':
                append_noun_phrase(out, true);
                break;
            case 'n':
                out += noun();
                break;
            case 'V':
                out += m_vocab.verbs[m_vocab.verb_table.sample(m_rng)];
                break;
            case 'S':
                out += m_vocab.verbs_s[m_vocab.verb_table.sample(m_rng)];
                break;
            case 'A':
                if (m_rng.per_mille(40)) {
                    append_inline_tag(out);  // "the #postgres planner"
                } else {
                    out += m_vocab.adjectives[m_vocab.adjective_table.sample(m_rng)];
                }
                break;
            case 'R':
                out += m_vocab.adverbs[m_vocab.adverb_table.sample(m_rng)];
                break;
            case 'P':
                out += m_rng.pick(m_vocab.prepositions);
                break;
            case 'T': {  // two tools in one sentence are different tools
                size_t tool = m_domain.tool_table.sample(m_rng);
                if (tool == last_tool) tool = (tool + 1) % m_domain.tools.size();
                out += m_domain.tools[tool];
                last_tool = tool;
                break;
            }
            case '\'':
                append_apostrophe(out);
                break;
            case '#':
                append_number(out, m_rng.between(2, 900));
                break;
            case '%':
                append_number(out, m_rng.between(5, 95));
                out += '%';
                break;
            default:
                break;
        }
    }
    if (start < out.size()) out[start] = to_upper(out[start]);

    // Inline decorations, each now and then.
    const u64 r = m_rng.below(1000);
    if (r < 50) {  // a term in backticks
        static constexpr std::string_view frames[][2] = {{" Try `", "` first."},
                                                         {" Look at `", "` in the output."},
                                                         {" The knob is `", "`."},
                                                         {" Grep the logs for `", "`."}};
        const auto& frame = m_rng.pick(frames);
        out += frame[0];
        if (m_rng.per_mille(30))  // code, not a link
            out += "[[" + m_vault.notes[m_rng.below(m_vault.notes.size())].slug + "]]";
        else if (m_rng.per_mille(30))  // code, not a tag
            out += "#not-a-tag";
        else
            out += m_domain.terms[m_domain.term_table.sample(m_rng)];
        out += frame[1];
    } else if (r < 90) {
        static constexpr std::string_view frames[][2] = {{" **", "** is the part to remember."},
                                                         {" Key point: **", "**."},
                                                         {" **", "** matters more than it looks."}};
        const auto& frame = m_rng.pick(frames);
        out += frame[0];
        out += capitalized(m_domain.terms[m_domain.term_table.sample(m_rng)]);
        out += frame[1];
    } else if (r < 110) {
        static constexpr std::string_view frames[][2] = {
            {" The [docs](https://docs.example.com/", ") explain it well."},
            {" See the [reference](https://docs.example.com/", ")."},
            {" There is a [good thread](https://news.ycombinator.com/item?id=", ") on it."}};
        const auto& frame = m_rng.pick(frames);
        out += frame[0];
        if (frame[0].ends_with("id="))
            append_number(out, m_rng.between(30'000'000, 42'000'000));
        else
            out += slugify(m_domain.tools[m_domain.tool_table.sample(m_rng)]);
        out += frame[1];
    } else if (r < 150) {
        out += ' ';
        append_inline_tag(out);
    } else if (r < 158) {  // hashes that are not tags
        static constexpr std::string_view not_tags[][2] = {
            {" (See issue #", ".)"}, {" It was the #", " priority."}, {" Fixed in PR #", "."}};
        const auto& text = m_rng.pick(not_tags);
        out += text[0];
        append_number(out,
                      text[0] == " It was the #" ? m_rng.between(1, 3) : m_rng.between(10, 9999));
        out += text[1];
    } else if (r < 161) {  // escaped, so neither a link nor a tag
        out += " Write \\[[like this]] or \\#like-this to keep it literal.";
    } else if (r < 170) {  // an aside after a dash, in the note's encoding
        out.pop_back();
        out += m_note.style == TextStyle::mojibake ? " â€” "
               : m_note.style == TextStyle::curly  ? " — "
                                                   : " - ";
        out += "at least in theory.";
    }

    if (allow_link && link_due()) {
        const LinkTarget& link = m_note.body_links[m_next_link++];
        switch (m_rng.below(4)) {
            case 0:
                if (out.back() == '.') out.pop_back();
                out += " (see ";
                append_link(out, link, false);
                out += ").";
                break;
            case 1:
                out += " More in ";
                append_link(out, link, false);
                out += '.';
                break;
            case 2:
                out += ' ';
                append_link(out, link, false);
                out += " covers ";
                append_noun_phrase(out, true);
                out += '.';
                break;
            default:
                out += " Compare ";
                append_link(out, link, false);
                out += '.';
                break;
        }
    }
}

void NoteWriter::paragraph(size_t sentences) {
    for (size_t k = 0; k < sentences; ++k) {
        if (k > 0) m_out += ' ';
        sentence(m_out, true);
    }
    m_out += '\n';
}

void NoteWriter::tldr() {
    m_out += "\n> **TL;DR:** ";
    m_scratch.clear();
    const size_t count = 1 + m_rng.below(3);
    for (size_t k = 0; k < count; ++k) {
        if (k > 0) m_scratch += ' ';
        sentence(m_scratch, false);
    }
    if (m_rng.per_mille(500) && m_scratch.size() > 40) {
        // Cut mid-word like a feed reader does, with the note's ellipsis.
        m_scratch.resize(m_scratch.size() - 1 - m_rng.below(m_scratch.size() / 3));
        while (!m_scratch.empty() && (static_cast<unsigned char>(m_scratch.back()) & 0x80))
            m_scratch.pop_back();
        m_scratch += m_note.style == TextStyle::mojibake ? "â€¦"
                     : m_note.style == TextStyle::curly  ? "…"
                                                         : "...";
    }
    m_out += m_scratch;
    m_out += "\n\n";
    if (m_rng.per_mille(100)) {
        m_out += "Tags: ";
        append_inline_tag(m_out);
        m_out += ' ';
        append_inline_tag(m_out);
        m_out += "\n\n";
    }
}

void NoteWriter::bullets(bool numbered) {
    const size_t items = 2 + m_rng.below(6);
    const bool tasks = !numbered && m_rng.per_mille(120);
    for (size_t k = 0; k < items; ++k) {
        if (numbered) {
            append_number(m_out, k + 1);
            m_out += ". ";
        } else {
            m_out += tasks ? (m_rng.per_mille(400) ? "- [x] " : "- [ ] ") : "- ";
        }
        const u64 kind = m_rng.below(10);
        if (kind < 3) {
            m_out += "**";
            m_out += capitalized(m_domain.terms[m_domain.term_table.sample(m_rng)]);
            m_out += ":** ";
        }
        if (kind == 9 && !numbered) {
            m_scratch.clear();
            append_noun_phrase(m_scratch, true);
            m_scratch[0] = to_upper(m_scratch[0]);
            m_out += m_scratch;
            if (m_rng.per_mille(300)) {
                m_out += ' ';
                append_inline_tag(m_out);
            }
        } else {
            sentence(m_out, true);
        }
        m_out += '\n';
        if (!numbered && m_rng.per_mille(100)) {
            m_out += "  - ";
            sentence(m_out, false);
            m_out += '\n';
        }
    }
}

void NoteWriter::code_block() {
    const Language& lang = m_vocab.langs[m_domain.langs[m_domain.lang_table.sample(m_rng)]];
    m_scratch.clear();
    const size_t count = lang.snippets.size();
    const size_t parts = count > 1 && m_rng.per_mille(250) ? 2 : 1;
    size_t snippet = m_rng.below(count);
    for (size_t p = 0; p < parts; ++p) {
        if (p > 0) {  // a second, different snippet of the same language
            m_scratch += '\n';
            snippet = (snippet + 1 + m_rng.below(count - 1)) % count;
        }
        const std::string_view text = lang.snippets[snippet];
        for (size_t i = 0; i < text.size(); ++i) {
            if (text.substr(i, 2) != "{{" || i + 4 >= text.size() ||
                text.substr(i + 3, 2) != "}}") {
                m_scratch += text[i];
                continue;
            }
            switch (text[i + 2]) {
                case 't':
                    m_scratch += m_rng.pick(m_vocab.table_ids);
                    break;
                case 'u':
                    m_scratch += m_rng.pick(m_vocab.table_ids);
                    break;
                case 'c':
                    m_scratch += m_rng.pick(m_vocab.column_ids);
                    break;
                case 'd':
                    m_scratch += m_rng.pick(m_vocab.column_ids);
                    break;
                case 'f':
                    m_scratch += m_rng.pick(m_vocab.function_ids);
                    break;
                case 'F': {
                    std::string name;
                    bool upper = true;
                    for (const char ch : m_rng.pick(m_vocab.function_ids)) {
                        if (ch == '_') {
                            upper = true;
                            continue;
                        }
                        name += upper ? to_upper(ch) : ch;
                        upper = false;
                    }
                    m_scratch += name;
                    break;
                }
                case 'C':
                    m_scratch += m_rng.pick(m_vocab.type_ids);
                    break;
                case 'v':
                    m_scratch += m_rng.pick(m_vocab.var_ids);
                    break;
                case 'n':
                    append_number(m_scratch, m_rng.between(1, 500));
                    break;
                case 's':
                    m_scratch += m_vault.notes[m_rng.below(m_vault.notes.size())].slug;
                    break;
                case 'g':
                    m_scratch += m_vocab.tags[m_vocab.tag_table.sample(m_rng)];
                    break;
                case 'T':
                    m_scratch += title_case(m_domain.terms[m_domain.term_table.sample(m_rng)]);
                    break;
                default:
                    break;
            }
            i += 4;
        }
    }
    const u64 style = m_rng.below(100);
    if (style < 5 && m_last != Block::list) {  // indented code
        size_t start = 0;
        while (start < m_scratch.size()) {
            const size_t end = m_scratch.find('\n', start);
            m_out += "    ";
            m_out.append(m_scratch, start, end - start + 1);
            start = end + 1;
        }
        return;
    }
    const std::string_view fence = style < 10 ? "~~~" : "```";
    m_out += fence;
    if (style >= 15) m_out += lang.name;
    m_out += '\n';
    m_out += m_scratch;
    m_out += fence;
    m_out += '\n';
}

void NoteWriter::table() {
    const size_t columns = 2 + m_rng.below(3);
    const size_t rows = 2 + m_rng.below(5);
    size_t first = m_rng.below(m_vocab.table_headers.size());
    m_out += '|';
    for (size_t c = 0; c < columns; ++c) {
        m_out += ' ';
        m_out += m_vocab.table_headers[(first + c * 5) % m_vocab.table_headers.size()];
        m_out += " |";
    }
    m_out += "\n|";
    for (size_t c = 0; c < columns; ++c) m_out += c > 0 && m_rng.per_mille(300) ? "---:|" : "---|";
    m_out += '\n';
    for (size_t r = 0; r < rows; ++r) {
        m_out += '|';
        for (size_t c = 0; c < columns; ++c) {
            m_out += ' ';
            const u64 kind = m_rng.below(100);
            if (c == 0) {
                m_out += m_rng.per_mille(500) ? m_domain.tools[m_domain.tool_table.sample(m_rng)]
                                              : capitalized(noun());
            } else if (kind < 30) {
                append_number(m_out, m_rng.between(1, 999));
                m_out += " ms";
            } else if (kind < 45) {
                append_number(m_out, m_rng.between(1, 99));
                m_out += '%';
            } else if (kind < 55) {
                append_number(m_out, m_rng.between(1, 9));
                m_out += '.';
                append_number(m_out, m_rng.between(0, 9));
                m_out += 'x';
            } else if (kind < 62 && link_due()) {
                append_link(m_out, m_note.body_links[m_next_link++], true);
            } else if (kind < 80) {
                m_out += m_vocab.adjectives[m_vocab.adjective_table.sample(m_rng)];
            } else {
                m_out += m_rng.per_mille(500) ? "yes" : "no";
            }
            m_out += " |";
        }
        m_out += '\n';
    }
}

void NoteWriter::callout() {
    static constexpr std::string_view kinds[] = {"> [!note]", "> [!tip]", "> [!warning]", ">"};
    const std::string_view kind = m_rng.pick(kinds);
    if (kind != ">") {
        m_out += kind;
        m_out += '\n';
    }
    m_out += "> ";
    sentence(m_out, false);
    m_out += '\n';
}

void NoteWriter::how_to_apply() {
    const size_t count = 2 + m_rng.below(3);
    const size_t first = m_rng.below(m_vocab.how_to_apply.size());
    for (size_t k = 0; k < count; ++k) {
        m_out += "- ";
        m_out += m_vocab.how_to_apply[(first + k * 5) % m_vocab.how_to_apply.size()];
        m_out += '\n';
    }
}

void NoteWriter::block() {
    if (m_next_link < m_note.body_links.size() &&
        m_note.body_links[m_next_link].form == LinkForm::embed && m_rng.per_mille(500)) {
        append_link(m_out, m_note.body_links[m_next_link++], false);
        m_out += '\n';
        m_last = Block::paragraph;
        return;
    }
    const u64 code_weight = m_domain.name == "Career" ? 30 : 130;
    const u64 r = m_rng.below(1000);
    if (m_last == Block::none || r < 520) {
        paragraph(2 + m_rng.below(5));
        m_last = Block::paragraph;
    } else if (r < 520 + 150) {
        bullets(false);
        m_last = Block::list;
    } else if (r < 520 + 200) {
        bullets(true);
        m_last = Block::list;
    } else if (r < 700 + code_weight) {
        code_block();
        m_last = Block::code;
    } else if (r < 900) {
        table();
        m_last = Block::table;
    } else if (r < 940) {
        callout();
        m_last = Block::quote;
    } else {
        paragraph(1 + m_rng.below(3));
        m_last = Block::paragraph;
    }
}

void NoteWriter::section(size_t number) {
    const u16 heading = m_note.headings[number];
    m_out += (heading & k_heading_sub) ? "### " : "## ";
    m_out += m_vocab.headings[heading & ~k_heading_sub];
    m_out += '\n';
    if (m_rng.per_mille(300)) m_out += '\n';
    m_last = Block::none;
    if ((heading & ~k_heading_sub) == m_vocab.h_how_to_apply) {
        how_to_apply();
        m_out += '\n';
        return;
    }
    // This section's share of what is left of the budget.
    const size_t remaining_sections = m_note.headings.size() - number;
    const size_t used = body_size() + m_tail.size();
    const size_t left = m_body_target > used ? m_body_target - used : 0;
    const size_t share = left / remaining_sections;
    const size_t end = body_size() + share;
    do {
        block();
        m_out += '\n';
    } while (body_size() + 60 < end);
}

void NoteWriter::leftovers() {
    bool see_also = false;
    while (m_next_link < m_note.body_links.size()) {
        const LinkTarget& link = m_note.body_links[m_next_link++];
        if (link.form == LinkForm::embed) {
            append_link(m_out, link, false);
            m_out += "\n\n";
            continue;
        }
        m_out += see_also ? ", " : "See also: ";
        append_link(m_out, link, false);
        see_also = true;
    }
    if (see_also) m_out += ".\n\n";
}

void NoteWriter::front_matter() {
    const InvalidYaml invalid = m_note.invalid;
    m_out += "---\n";
    const bool quoted = !yaml_plain_safe(m_note.title);
    if (invalid == InvalidYaml::unclosed_quote) {
        m_out += "title: '";
        m_out += m_note.title;
        m_out += '\n';
    } else if (invalid == InvalidYaml::colon_in_plain) {
        append_yaml_scalar(m_out, "title", m_note.title, false);
    } else {
        append_yaml_scalar(m_out, "title", m_note.title, quoted);
    }
    m_out += "date: '";
    m_out += m_vault.calendar.iso[m_note.day];
    m_out += "'\nsource: ";
    m_out += m_source;
    m_out += "\ndomain: ";
    m_out += m_domain.name;
    m_out += "\nrelevance: ";
    m_out += k_relevance[m_note.relevance];
    m_out += "\ntags:\n";
    bool first = true;
    for (const u16 tag : m_note.tags) {
        if (first && invalid == InvalidYaml::tab_indent) m_out += '\t';
        m_out += (first && invalid == InvalidYaml::dash_no_space) ? "-'#" : "- '#";
        const std::string& text = m_vocab.tags[tag & ~k_tag_capital];
        m_out += (tag & k_tag_capital) ? capitalized(text) : text;
        m_out += "'\n";
        first = false;
    }
    m_out += "related:\n";
    for (const LinkTarget& link : m_note.related) {
        m_out += "- '[[";
        m_out += m_vault.target_slug(link);
        m_out += "]]'\n";
    }
    m_out += "status: ";
    m_out += k_statuses[m_note.status];
    m_out += "\n---\n";
}

void NoteWriter::write() {
    // Where the note was clipped from; used in the front matter and the Source section.
    const std::string words = m_note.slug.substr(11);
    const u64 host = m_rng.below(100);
    const std::string& author = m_rng.pick(m_vocab.authors);
    static constexpr char base36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (host < 45) {
        m_source = "https://dev.to/" + author + "/" + words + "-";
        for (int k = 0; k < 4; ++k) m_source += base36[m_rng.below(36)];
    } else if (host < 70) {
        m_source = "https://medium.com/@" + author + "/" + words + "-";
        for (int k = 0; k < 12; ++k) m_source += base36[m_rng.below(16)];
    } else if (host < 80) {
        m_source = "https://" + author + ".substack.com/p/" + words;
    } else if (host < 86) {
        m_source = "https://github.com/" + author + "/" + slugify(m_domain.tools[0]);
    } else if (host < 91) {
        m_source = "https://www.youtube.com/watch?v=";
        for (int k = 0; k < 11; ++k) m_source += base36[m_rng.below(36)];
    } else if (host < 95 && m_domain.name == "Machine Learning") {
        m_source = "https://arxiv.org/abs/2";
        append_number(m_source, m_rng.between(401, 612));
        m_source += '.';
        append_number(m_source, m_rng.between(10000, 29999));
    } else {
        m_source = "https://blog." + slugify(m_domain.tools[m_domain.tool_table.sample(m_rng)]) +
                   ".io/posts/" + words;
    }
    if (m_rng.per_mille(80)) m_source += "?utm_source=newsletter&utm_medium=email";

    m_tail = "## Relevance\n";
    m_tail += k_relevance[m_note.relevance];
    m_tail += "\n\n## Source\n";
    m_tail += m_source;
    m_tail += "\n\n## Related notes\n";
    for (const LinkTarget& link : m_note.related) {
        m_tail += "- [[";
        m_tail += m_vault.target_slug(link);
        m_tail += "]]\n";
    }

    front_matter();
    m_body_start = m_out.size();
    const size_t front = m_out.size();
    m_body_target =
        m_note.file_target == 0
            ? 250 + m_rng.below(750)
            : std::max<size_t>(m_note.file_target > front ? m_note.file_target - front : 0, 600);

    tldr();
    for (size_t s = 0; s < m_note.headings.size(); ++s) section(s);
    if (m_note.headings.empty() && m_note.file_target != 0) {
        paragraph(2 + m_rng.below(3));
        m_out += '\n';
    }
    if (m_rng.per_mille(8)) m_out += "<!-- TODO: merge with [[draft-note]] #todo -->\n\n";
    if (m_rng.per_mille(8)) m_out += "%%private: ask about [[secret-project]] #later%%\n\n";
    leftovers();
    m_out += m_tail;
}

// ------------------------------------------------------------------------------------------------
// Command line and output

constexpr std::string_view k_usage =
    "usage: notes-genvault --notes N --out DIR [--seed S] [--subdirs K] [--jobs J] [--force]\n"
    "                      [--stats]\n"
    "\n"
    "Writes N synthetic Markdown research notes (YAML front matter, wiki-links, #tags) into DIR,\n"
    "shaped like a real vault, for benchmarking `notes`. The same arguments always produce\n"
    "byte-identical files, whatever the machine or the number of jobs.\n"
    "\n"
    "  --notes N     number of notes to write (0..10000000)\n"
    "  --out DIR     output directory; created if missing; must be empty unless --force\n"
    "  --seed S      random seed, an unsigned 64-bit integer (default 1)\n"
    "  --subdirs K   number of topic folders (0..12): the K most common domains get a folder\n"
    "                (sql/, python/, devops/, ...) holding 88% of their notes; the rest stay at\n"
    "                the root. Default: 0 (flat) below 1000 notes, else 8\n"
    "  --jobs J      rendering threads (default: hardware threads, at most 8); no effect on "
    "output\n"
    "  --force       write into a non-empty DIR, overwriting files with the same names (nothing\n"
    "                is deleted)\n"
    "  --stats       also print link and size statistics of the generated vault\n"
    "  --help        show this help\n"
    "\n"
    "One summary line (notes, bytes, seconds) goes to stderr.\n";

struct UsageError {
    std::string message;
};

u64 parse_number(std::string_view flag, std::string_view text, u64 max) {
    u64 value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size() || value > max)
        throw UsageError{std::string(flag) + " expects a number up to " + std::to_string(max) +
                         ", got '" + std::string(text) + "'"};
    return value;
}

Options parse_options(int argc, char** argv, bool& help) {
    Options options;
    bool have_notes = false;
    std::vector<std::string_view> args(argv + 1, argv + argc);
    for (size_t i = 0; i < args.size(); ++i) {
        std::string_view arg = args[i];
        std::string_view value;
        bool has_inline_value = false;
        if (const size_t eq = arg.find('=');
            arg.starts_with("--") && eq != std::string_view::npos) {
            value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
            has_inline_value = true;
        }
        auto next_value = [&]() -> std::string_view {
            if (has_inline_value) return value;
            if (i + 1 >= args.size()) throw UsageError{std::string(arg) + " needs a value"};
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            help = true;
        } else if (arg == "--notes") {
            options.notes = parse_number(arg, next_value(), 10'000'000);
            have_notes = true;
        } else if (arg == "--seed") {
            options.seed = parse_number(arg, next_value(), UINT64_MAX);
        } else if (arg == "--out") {
            options.out = std::string(next_value());
        } else if (arg == "--subdirs") {
            options.subdirs =
                static_cast<i64>(parse_number(arg, next_value(), std::size(k_domain_specs)));
        } else if (arg == "--jobs") {
            options.jobs = static_cast<unsigned>(parse_number(arg, next_value(), 256));
        } else if (arg == "--force") {
            options.force = true;
        } else if (arg == "--stats") {
            options.stats = true;
        } else {
            throw UsageError{"unknown argument '" + std::string(arg) + "'"};
        }
    }
    if (help) return options;
    if (!have_notes) throw UsageError{"--notes is required"};
    if (options.out.empty()) throw UsageError{"--out is required"};
    if (options.subdirs < 0) options.subdirs = options.notes < 1000 ? 0 : 8;
    if (options.jobs == 0) options.jobs = std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
    return options;
}

struct RuntimeError {
    std::string message;
};

void prepare_output(const Options& options, const Vault& vault) {
    const fs::path out(options.out);
    std::error_code ec;
    if (fs::exists(out, ec)) {
        if (!fs::is_directory(out, ec))
            throw RuntimeError{"'" + options.out + "' exists and is not a directory"};
        if (!fs::is_empty(out, ec) && !options.force)
            throw RuntimeError{"'" + options.out +
                               "' is not empty (use --force to write into it anyway)"};
    }
    for (const std::string& folder : vault.folders) {
        fs::create_directories(out / folder, ec);
        if (ec)
            throw RuntimeError{"cannot create '" + (out / folder).string() + "': " + ec.message()};
    }
}

// Renders and writes notes [0, N) on `jobs` threads; each note depends only on the plan and its
// own random stream, so the split does not matter.
u64 write_notes(const Options& options, const Vault& vault, std::vector<u32>& sizes) {
    const size_t count = vault.notes.size();
    sizes.assign(count, 0);
    std::atomic<size_t> next{0};
    std::atomic<u64> total{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::string error;
    auto work = [&]() {
        std::string buffer;
        buffer.reserve(64 * 1024);
        std::string path;
        u64 bytes = 0;
        constexpr size_t chunk = 64;
        for (;;) {
            const size_t begin = next.fetch_add(chunk);
            if (begin >= count || failed.load()) break;
            for (size_t i = begin; i < std::min(count, begin + chunk); ++i) {
                buffer.clear();
                NoteWriter(vault, static_cast<u32>(i), options.seed, buffer).write();
                const Note& note = vault.notes[i];
                path = options.out;
                path += '/';
                if (note.folder != 0) {
                    path += vault.folders[note.folder];
                    path += '/';
                }
                path += note.slug;
                path += ".md";
                std::FILE* file = std::fopen(path.c_str(), "wb");
                bool ok = file != nullptr;
                if (ok) {
                    std::setvbuf(file, nullptr, _IONBF, 0);
                    ok = std::fwrite(buffer.data(), 1, buffer.size(), file) == buffer.size();
                    ok = std::fclose(file) == 0 && ok;
                }
                if (!ok) {
                    const std::lock_guard lock(error_mutex);
                    if (error.empty()) error = "cannot write '" + path + "'";
                    failed = true;
                    return;
                }
                sizes[i] = static_cast<u32>(buffer.size());
                bytes += buffer.size();
            }
        }
        total += bytes;
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < options.jobs; ++t) threads.emplace_back(work);
    work();
    for (std::thread& thread : threads) thread.join();
    if (failed) throw RuntimeError{error};
    return total;
}

void print_stats(const Vault& vault, std::vector<u32> sizes) {
    const PlanStats& s = vault.stats;
    auto percent = [](u64 part, u64 whole) {
        return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
    };
    std::fprintf(stderr,
                 "notes-genvault: related links %llu (%.1f%% broken); body links %llu "
                 "(%.1f%% broken, %llu with #heading of which %llu missing, %llu embeds, "
                 "%llu same-note anchors)\n",
                 static_cast<unsigned long long>(s.related), percent(s.related_broken, s.related),
                 static_cast<unsigned long long>(s.body), percent(s.body_broken, s.body),
                 static_cast<unsigned long long>(s.anchors),
                 static_cast<unsigned long long>(s.broken_anchors),
                 static_cast<unsigned long long>(s.embeds),
                 static_cast<unsigned long long>(s.self_anchors));
    std::fprintf(stderr,
                 "notes-genvault: %llu hub notes, %llu distinct missing targets, %llu "
                 "folders; invalid front matter: %llu unclosed quote, %llu tab indent, "
                 "%llu colon in plain title, %llu '-' without space\n",
                 static_cast<unsigned long long>(s.hubs),
                 static_cast<unsigned long long>(vault.broken.size()),
                 static_cast<unsigned long long>(s.folders),
                 static_cast<unsigned long long>(s.invalid[1]),
                 static_cast<unsigned long long>(s.invalid[2]),
                 static_cast<unsigned long long>(s.invalid[3]),
                 static_cast<unsigned long long>(s.invalid[4]));
    if (sizes.empty()) return;
    std::sort(sizes.begin(), sizes.end());
    auto at = [&](size_t per_mille) { return sizes[(sizes.size() - 1) * per_mille / 1000]; };
    std::fprintf(stderr,
                 "notes-genvault: file size min %u, p10 %u, median %u, p90 %u, p99 %u, "
                 "max %u bytes\n",
                 sizes.front(), at(100), at(500), at(900), at(990), sizes.back());
}

int run(int argc, char** argv) {
    bool help = false;
    Options options;
    try {
        options = parse_options(argc, argv, help);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "notes-genvault: %s\nTry 'notes-genvault --help'.\n",
                     e.message.c_str());
        return 2;
    }
    if (help) {
        std::fputs(k_usage.data(), stdout);
        return 0;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        const Vocabulary vocab;
        const Calendar calendar;
        const Vault vault(vocab, calendar, options);
        const std::chrono::duration<double> planned = std::chrono::steady_clock::now() - start;
        prepare_output(options, vault);
        std::vector<u32> sizes;
        const u64 bytes = write_notes(options, vault, sizes);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        u64 invalid = 0;
        for (const u64 n : vault.stats.invalid) invalid += n;
        std::fprintf(stderr,
                     "notes-genvault: %llu notes (%llu with invalid YAML), %llu bytes in %s, "
                     "%.2f s\n",
                     static_cast<unsigned long long>(vault.notes.size()),
                     static_cast<unsigned long long>(invalid),
                     static_cast<unsigned long long>(bytes), options.out.c_str(), elapsed.count());
        if (options.stats) {
            std::fprintf(stderr,
                         "notes-genvault: planning %.2f s, rendering and writing %.2f s "
                         "on %u threads\n",
                         planned.count(), elapsed.count() - planned.count(), options.jobs);
            print_stats(vault, std::move(sizes));
        }
        return 0;
    } catch (const RuntimeError& e) {
        std::fprintf(stderr, "notes-genvault: error: %s\n", e.message.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "notes-genvault: error: %s\n", e.what());
    }
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    return run(argc, argv);
}
