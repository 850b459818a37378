#include "cli/command.hpp"

namespace notes::cli {

std::vector<CommandDefinition> all_commands() {
    return {
        index_command(),
        watch_command(),
        find_command(),
        show_command(),
        tags_command(),
        related_command(),
        report_command(),
        graph_command(),
        sql_command(),
        mcp_command(),
        completion_command(),
        config_command(),
        init_command(),
        // Hidden: used by the completion scripts and the build.
        complete_command(),
        man_command(),
    };
}

}  // namespace notes::cli
