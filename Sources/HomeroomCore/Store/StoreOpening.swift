import Foundation
import Logging

/// Opens the store a configuration names, migrated to the current schema: the SQLite file (made
/// 0600, refused when others can read it), or PostgreSQL with a pool of `databasePoolSize`.
public enum StoreOpening {
    public static func open(_ config: AppConfig, root: ResourceRoot,
                            logger: Logger = Logger(label: "homeroom")) async throws -> any HomeroomStore {
        switch try config.database {
        case .sqlite(let path):
            return try AppDatabase.open(path: path, schema: try root.schema(.sqlite),
                                        allowReadableByOthers: config.allowDatabaseReadableByOthers)
        case .postgres(let location):
            return try await PostgresStore.open(location, poolSize: config.databasePoolSize, schema: try root.schema(.postgres),
                                                logger: logger)
        }
    }
}
