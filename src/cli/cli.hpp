#pragma once

namespace notes::cli {

/// The whole command line: parses argv, runs one command, prints errors as
/// `notes: error: ...`, and returns the documented exit status.
int run(int argc, char** argv);

}  // namespace notes::cli
