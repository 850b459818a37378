#include "cli/command.hpp"

namespace notes::cli {

std::vector<CommandDefinition> all_commands() {
    return {
        index_command(),
    };
}

}  // namespace notes::cli
