#include <sqlite3.h>
#include "CSQLiteSettings.h"

int homeroom_sqlite_memory_statistics(int on) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, on);
}
