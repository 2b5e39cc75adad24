import Foundation
import HomeroomCore
import Testing

/// The database file is its owner's alone.
@Suite struct DatabaseFileTests {
    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aNewDatabaseAndItsLogAreReadableByTheOwnerOnly() async throws {
        let path = temporaryDatabasePath()
        let database = try AppDatabase.open(path: path, schema: packageRoot.schema())
        try await database.audit(.test())
        #expect(try mode(path) == 0o600 && mode(path + "-wal") == 0o600)
    }

    @Test func aDatabaseOthersCanReadIsRefusedWithTheFix() throws {
        let path = temporaryDatabasePath()
        _ = try AppDatabase.open(path: path, schema: packageRoot.schema())
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect {
            try AppDatabase.open(path: path, schema: packageRoot.schema())
        } throws: { error in
            "\(error)".contains("chmod 600 \(path)")
        }
    }

    @Test func theDistrictMayAllowAReadableDatabase() throws {
        let path = temporaryDatabasePath()
        _ = try AppDatabase.open(path: path, schema: packageRoot.schema())
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        _ = try AppDatabase.open(path: path, schema: packageRoot.schema(), allowReadableByOthers: true)
    }

    @Test func aCommandRefusesAReadableDatabase() throws {
        let path = temporaryDatabasePath()
        _ = try AppDatabase.open(path: path, schema: packageRoot.schema())
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let run = try runHomeroom(["stats", "--db", path])
        #expect(run.status != 0 && run.err.contains("chmod 600"))
    }
}
