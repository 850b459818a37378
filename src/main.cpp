#include "cli/cli.hpp"

int main(int argc, char** argv) { return notes::cli::run(argc, argv); }
