// CPU cost of parsing notes, without the disk or the database: the front
// matter alone (parse_front_matter) and whole files (parse_note), over every
// note of a vault read into memory first.
//
//   notes-bench-parse [VAULT] [benchmark flags]
//
// The vault is the first argument that is not a --benchmark flag, else
// $NOTES_BENCH_VAULT, else the repository's seeds/. Counters report notes
// per second.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "notes/core/config.hpp"
#include "notes/parse/front_matter.hpp"
#include "notes/parse/note_parser.hpp"
#include "notes/index/vault.hpp"

namespace {

struct NoteText {
    std::string path;  // vault-relative
    std::string slug;
    std::string content;
};

struct Corpus {
    std::vector<NoteText> notes;
    // parse_front_matter's inputs: views into `notes`, with their first lines.
    std::vector<notes::parse::FrontMatterBlock> blocks;
};

Corpus& corpus() {
    static Corpus c;
    return c;
}

bool load(const std::filesystem::path& root) {
    const notes::index::VaultScan scan = notes::index::scan_vault(root, notes::Config{});
    Corpus& c = corpus();
    c.notes.reserve(scan.files.size());
    for (const notes::index::VaultFile& file : scan.files) {
        std::ifstream in(root / file.path, std::ios::binary);
        std::string content(static_cast<std::size_t>(file.size), '\0');
        if (!in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
            std::cerr << "notes-bench-parse: cannot read " << file.path << "\n";
            return false;
        }
        c.notes.push_back({file.path, notes::slug_of(file.path), std::move(content)});
    }
    for (const NoteText& note : c.notes) {
        notes::parse::FrontMatterBlock block = notes::parse::split_front_matter(note.content);
        if (block.present) c.blocks.push_back(block);
    }
    return !c.notes.empty();
}

void BM_ParseFrontMatter(benchmark::State& state) {
    const Corpus& c = corpus();
    for (auto _ : state) {
        for (const notes::parse::FrontMatterBlock& block : c.blocks) {
            notes::parse::FrontMatter fm = notes::parse::parse_front_matter(block.yaml, block.yaml_first_line);
            benchmark::DoNotOptimize(fm);
        }
    }
    state.counters["notes/s"] = benchmark::Counter(
        static_cast<double>(c.blocks.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ParseFrontMatter)->Unit(benchmark::kMillisecond);

void BM_ParseNote(benchmark::State& state) {
    const Corpus& c = corpus();
    for (auto _ : state) {
        for (const NoteText& note : c.notes) {
            notes::ParsedNote parsed = notes::parse::parse_note(note.path, note.slug, note.content);
            benchmark::DoNotOptimize(parsed);
        }
    }
    state.counters["notes/s"] = benchmark::Counter(
        static_cast<double>(c.notes.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ParseNote)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);  // removes the flags it knows
    std::filesystem::path vault = NOTES_SEEDS_DIR;
    if (const char* env = std::getenv("NOTES_BENCH_VAULT"); env && *env) vault = env;
    if (argc > 1) vault = argv[1];
    if (argc > 2 || !load(vault)) {
        std::cerr << "usage: notes-bench-parse [VAULT] [--benchmark_...]\n"
                     "  VAULT must hold notes; default $NOTES_BENCH_VAULT, else "
                  << NOTES_SEEDS_DIR << "\n";
        return 2;
    }
    std::cerr << "notes-bench-parse: " << corpus().notes.size() << " notes, "
              << corpus().blocks.size() << " front-matter blocks from " << vault.string() << "\n";
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
