// A core file that includes a query header and SQLite: the dependency check
// must refuse this tree (test architecture_layers_refuses).
#include <sqlite3.h>

#include "notes/query/find.hpp"
