import Foundation
import HomeroomCore
import Testing

/// The commands apply the configured rules, as the console does.
@Suite struct CommandRulesTests {
    /// A configuration file asking for 12-character passwords and cheap hashes, and its database.
    func configured() throws -> (file: String, database: String) {
        let database = temporaryDatabasePath()
        let file = writeTemporaryFile("""
            {"databasePath": "\(database)", "password": {"minLength": 12},
             "hash": {"memoryKiB": 1024, "iterations": 1, "parallelism": 1}}
            """, suffix: ".json")
        return (file, database)
    }

    @Test func staffAddRefusesAPasswordTheConfiguredRulesRefuse() async throws {
        let (file, database) = try configured()
        let run = try runHomeroom(["staff", "add", "tech1", "--role", "technician", "--password-stdin", "--config", file],
                                  input: "ten chars!\n")
        #expect(run.status != 0 && run.err.contains("password refused: Use at least 12 characters."))
        #expect(try await AppDatabase.open(path: database, schema: packageRoot.schema()).staff(username: "tech1") == nil)
    }

    @Test func staffAddHashesWithTheConfiguredParameters() async throws {
        let (file, database) = try configured()
        let run = try runHomeroom(["staff", "add", "tech1", "--role", "technician", "--password-stdin", "--config", file],
                                  input: "twelve chars long\n")
        #expect(run.status == 0)
        let hash = try #require(try await AppDatabase.open(path: database, schema: packageRoot.schema()).staff(username: "tech1")?.passwordHash)
        #expect(hash.hasPrefix("$argon2id$v=19$m=1024,t=1,p=1$"))
    }

    @Test func endSessionsOfAnUnknownAccountFails() throws {
        let run = try runHomeroom(["end-sessions", "nobody", "--db", temporaryDatabasePath()])
        #expect(run.status != 0 && run.err.contains("no student or staff account 'nobody'"))
    }
}

/// `homeroom staff add --email`.
@Suite struct StaffEmailCommandTests {
    @Test func staffAddStoresTheEmailAddress() async throws {
        let db = temporaryDatabasePath()
        #expect(try runHomeroom(["staff", "add", "arivera", "--role", "teacher", "--email", "ana@example.org", "--db", db]).status == 0)
        #expect(try await AppDatabase.open(path: db, schema: packageRoot.schema()).staff(username: "arivera")?.email == "ana@example.org")
    }

    @Test func staffAddRefusesAnAddressWithoutADomain() throws {
        let run = try runHomeroom(["staff", "add", "arivera", "--role", "teacher", "--email", "ana@", "--db", temporaryDatabasePath()])
        #expect(run.status != 0 && run.err.contains("is not an email address"))
    }
}
