// notes-bench-json: the JSON of `notes find --format json` written by the
// project's streaming JsonWriter (core/json.hpp) and by nlohmann/json
// (ordered_json per row, then dump()), for the decision docs/performance.md
// records ("JSON output: JsonWriter or nlohmann/json").
//
//   notes find --format json > rows.json
//   notes-bench-json rows.json writer|nlohmann [REPEAT]
//
// Reads the rows once (with nlohmann), turns them into the cells print_table()
// gets (strings, numbers, lists of strings, nulls), then writes them REPEAT
// times (default 1) the chosen way and prints the bytes written, so that
// `valgrind --tool=callgrind` counts the writing alone (subtract a run with
// REPEAT 0).

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "notes/core/json.hpp"

namespace {

using Cell =
    std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::string>>;

struct Rows {
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
};

Rows load(const char* file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    const nlohmann::ordered_json all = nlohmann::ordered_json::parse(text.str());
    Rows out;
    for (const auto& object : all) {
        if (out.columns.empty()) {
            for (const auto& [key, unused] : object.items()) out.columns.push_back(key);
        }
        auto& row = out.rows.emplace_back();
        for (const auto& [key, value] : object.items()) {
            if (value.is_null()) {
                row.emplace_back(std::monostate{});
            } else if (value.is_number_integer()) {
                row.emplace_back(value.get<std::int64_t>());
            } else if (value.is_number()) {
                row.emplace_back(value.get<double>());
            } else if (value.is_string()) {
                row.emplace_back(value.get<std::string>());
            } else {
                row.emplace_back(value.get<std::vector<std::string>>());
            }
        }
    }
    return out;
}

/// As render/output.cpp writes one row today.
std::string with_writer(const Rows& t, const std::vector<Cell>& row) {
    notes::JsonWriter w;
    w.begin_object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        w.key(t.columns[c]);
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    w.null();
                } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                    w.begin_array();
                    for (const auto& item : x) w.value(item);
                    w.end_array();
                } else {
                    w.value(x);
                }
            },
            row[c]);
    }
    w.end_object();
    return w.take();
}

/// The same row through nlohmann/json.
std::string with_nlohmann(const Rows& t, const std::vector<Cell>& row) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        std::visit(
            [&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::monostate>) {
                    object[t.columns[c]] = nullptr;
                } else {
                    object[t.columns[c]] = x;
                }
            },
            row[c]);
    }
    return object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: notes-bench-json ROWS.json writer|nlohmann [REPEAT]\n");
        return 2;
    }
    const Rows rows = load(argv[1]);
    const std::string how = argv[2];
    const int repeat = argc > 3 ? std::atoi(argv[3]) : 1;
    auto* write = how == "nlohmann" ? &with_nlohmann : &with_writer;
    std::size_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeat; ++i) {
        for (const auto& row : rows.rows) bytes += write(rows, row).size() + 4;
    }
    const std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
    std::printf("%s: %zu rows x %d, %zu bytes, %.1f ms\n", how.c_str(), rows.rows.size(), repeat,
                bytes, ms.count());
    return 0;
}
