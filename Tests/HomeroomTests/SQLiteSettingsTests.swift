@testable import HomeroomCore
import Testing

/// SQLite's process-wide settings are made before the first database opens.
@Suite struct SQLiteSettingsTests {
    @Test func sqliteKeepsNoMemoryStatisticsOnceADatabaseIsOpen() async throws {
        let database = try AppDatabase.inMemory(schema: packageRoot.schema())
        try await database.audit(.test())
        #expect(SQLiteProcessSettings.applied && SQLiteProcessSettings.memoryCounted == 0)
    }
}
