#include "cli/cli_model.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>

namespace notes::cli {
namespace {

/// The first `{a,b,c}` group of an option's type name, which is where
/// CLI11 describes IsMember and CheckedTransformer validators
/// ("TEXT:{table,list}", "value in {always->1,auto->0} OR {1,0}"). Map
/// entries keep their keys only.
std::vector<std::string> choices_of(const std::string& type_name) {
    std::vector<std::string> out;
    const auto open = type_name.find('{');
    if (open == std::string::npos) return out;
    const auto close = type_name.find('}', open);
    if (close == std::string::npos) return out;
    const std::string inner = type_name.substr(open + 1, close - open - 1);
    std::size_t start = 0;
    while (start <= inner.size()) {
        auto comma = inner.find(',', start);
        if (comma == std::string::npos) comma = inner.size();
        std::string item = inner.substr(start, comma - start);
        if (const auto arrow = item.find("->"); arrow != std::string::npos) item.resize(arrow);
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    return out;
}

/// The kind of value a name like "NOTE", "T" or "DIR" stands for. These
/// value names are the convention of every command's definition.
ValueKind kind_of_value_name(const std::string& value_name, const std::string& long_name) {
    if (value_name == "NOTE") return ValueKind::note;
    if (value_name == "T") return ValueKind::tag;
    if (value_name == "D") return ValueKind::domain;
    if (value_name == "DIR") return ValueKind::directory;
    if (value_name == "FILE" || long_name == "output") return ValueKind::file;
    return ValueKind::text;
}

}  // namespace

OptionModel describe_option(const CLI::Option& opt) {
    OptionModel o;
    o.short_names = opt.get_snames();
    o.long_names = opt.get_lnames();
    o.description = opt.get_description();
    if (opt.get_expected_max() == 0) {
        o.kind = ValueKind::none;
        return o;
    }
    o.value_name = opt.get_option_text();
    o.choices = choices_of(opt.get_type_name());
    if (o.value_name.empty()) {
        // An option without option_text(): its long name, upper-cased.
        std::string base = o.long_names.empty() ? opt.get_name() : o.long_names.front();
        for (char& c : base) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        std::replace(base.begin(), base.end(), '-', '_');
        o.value_name = base;
    }
    if (!o.choices.empty()) {
        o.kind = ValueKind::choice;
    } else {
        o.kind = kind_of_value_name(o.value_name, o.long_names.empty() ? "" : o.long_names.front());
    }
    return o;
}

namespace {

void read_options(const CLI::App& app, std::vector<OptionModel>& options,
                  std::vector<PositionalModel>* positionals) {
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_positional() && !opt->nonpositional()) {
            if (positionals == nullptr) continue;
            PositionalModel p;
            p.name = opt->get_name(true);
            p.description = opt->get_description();
            p.required = opt->get_required();
            p.choices = choices_of(opt->get_type_name());
            p.kind = p.choices.empty() ? kind_of_value_name(p.name, "") : ValueKind::choice;
            positionals->push_back(std::move(p));
            continue;
        }
        options.push_back(describe_option(*opt));
    }
}

}  // namespace

CliModel describe_cli(const CLI::App& root) {
    CliModel model;
    model.name = root.get_name();
    model.description = root.get_description();
    read_options(root, model.global_options, nullptr);
    for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_group().empty()) continue;  // hidden
        CommandModel c;
        c.name = sub->get_name();
        c.summary = sub->get_description();
        c.footer = sub->get_footer();
        read_options(*sub, c.options, &c.positionals);
        model.commands.push_back(std::move(c));
    }
    return model;
}

std::vector<std::string> option_spellings(const OptionModel& option) {
    std::vector<std::string> out;
    for (const auto& l : option.long_names) out.push_back("--" + l);
    for (const auto& s : option.short_names) out.push_back("-" + s);
    return out;
}

const char* dynamic_source(ValueKind kind) {
    switch (kind) {
        case ValueKind::tag: return "tags";
        case ValueKind::domain: return "domains";
        case ValueKind::note: return "notes";
        default: return nullptr;
    }
}

}  // namespace notes::cli
