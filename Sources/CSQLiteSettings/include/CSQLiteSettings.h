#ifndef HOMEROOM_CSQLITESETTINGS_H
#define HOMEROOM_CSQLITESETTINGS_H

/// Turns SQLite's process-wide memory statistics on (1) or off (0): SQLITE_CONFIG_MEMSTATUS,
/// which Swift cannot pass because sqlite3_config is variadic. Takes effect only before SQLite
/// is first used in the process; returns SQLITE_OK, or SQLITE_MISUSE when it is too late.
int homeroom_sqlite_memory_statistics(int on);

#endif
