import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting

/// The package's own folder, where `migrations/` and `templates/` are.
let packageRoot = ResourceRoot(path: URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path)

/// A fresh temporary database path.
func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("homeroom-test-\(UUID().uuidString).sqlite").path
}

/// A configuration for tests: a temporary database, cheap hash parameters and no management
/// listener (tests run side by side; `ManagementListenerTests` starts one on a free port).
func testConfig() -> AppConfig {
    var config = AppConfig()
    config.databasePath = temporaryDatabasePath()
    config.management.enabled = false
    config.hash = HashParameters(memoryKiB: 1024, iterations: 1, parallelism: 1)
    config.blockingThreads = 2
    return config
}

/// A test roster of a few students, written to a temporary file.
let sampleRosterCSV = """
    student_id,last_name,first_name,middle_name,birth_date,grade,school,homeroom_teacher
    0012345,O'Brien,Mary Kate,,2012-04-09,08,Riverdale High,Ms. Rivera
    1234567,Núñez,José,Luis,2011-05-01,09,Riverdale High,Mr. Okafor
    7654321,Smith-Jones,D'Andre,,2013-01-02,07,Lovejoy Middle,Ms. Rivera
    2222222,De La Cruz,J,,2014-02-03,06,Lovejoy Middle,Mr. Okafor
    3333333,Lewis II,Ana,,2014-02-03,06,Lovejoy Middle,Mr. Okafor

    """

func writeTemporaryFile(_ text: String, suffix: String = ".csv") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("homeroom-\(UUID().uuidString)\(suffix)").path
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
}

/// The database of `config`, seeded with `sampleRosterCSV`.
@discardableResult
func seededDatabase(_ config: AppConfig, roster: String = sampleRosterCSV) throws -> AppDatabase {
    let database = try AppDatabase.open(path: config.databasePath, schema: packageRoot.schema())
    _ = try database.importRoster(csv: roster)
    return database
}

/// Runs `test` against the real router of an application built from `config`, with a seeded
/// database; `metrics` are the application's, for tests that read the counters.
func withApp<T>(_ config: AppConfig = testConfig(), clock: any AppClock = SystemClock(), metrics: AppMetrics = AppMetrics(),
                roster: String = sampleRosterCSV,
                _ test: @escaping @Sendable (any TestClientProtocol, AppDatabase) async throws -> T) async throws -> T {
    let database = try seededDatabase(config, roster: roster)
    let app = try await buildApplication(config: config, root: packageRoot, clock: clock, metrics: metrics)
    return try await app.test(.router) { client in try await test(client, database) }
}
