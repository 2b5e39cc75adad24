import Foundation
import HomeroomCore
import Testing

/// `homeroom staff add` and `homeroom unlock`.
@Suite struct StaffCommandTests {
    func database(_ path: String) throws -> AppDatabase {
        try AppDatabase.open(path: path, schema: packageRoot.schema())
    }

    @Test func staffAddWithoutAPasswordMakesAPAMAccount() async throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["staff", "add", "arivera", "--role", "teacher", "--display-name", "Ms. Rivera", "--db", db])
        #expect(run.status == 0 && run.out.contains("through PAM"))
        let staff = try await database(db).staff(username: "arivera")
        #expect(staff?.role == .teacher && staff?.displayName == "Ms. Rivera" && staff?.passwordHash == nil)
    }

    @Test func staffAddReadsALocalPasswordFromStandardInput() async throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["staff", "add", "tech1", "--role", "technician", "--password-stdin", "--db", db],
                                  input: "a long enough password\n")
        #expect(run.status == 0)
        let hash = try #require(try await database(db).staff(username: "tech1")?.passwordHash)
        #expect(PasswordHasher(parameters: HashParameters()).verify("a long enough password", against: hash))
    }

    @Test func staffAddRefusesAShortPassword() async throws {
        let db = temporaryDatabasePath()
        let run = try runHomeroom(["staff", "add", "tech1", "--role", "technician", "--password-stdin", "--db", db], input: "short\n")
        #expect(run.status != 0 && run.err.contains("password refused"))
        #expect(try await database(db).staff(username: "tech1") == nil)
    }

    @Test func staffAddRefusesAnUnknownRole() throws {
        let run = try runHomeroom(["staff", "add", "arivera", "--role", "janitor", "--db", temporaryDatabasePath()])
        #expect(run.status != 0 && run.err.contains("--role must be teacher, technician or admin"))
    }

    @Test func staffAddRefusesAStudentLikeUsername() throws {
        let run = try runHomeroom(["staff", "add", "s1234567", "--role", "admin", "--db", temporaryDatabasePath()])
        #expect(run.status != 0 && run.err.contains("is not a staff username"))
    }

    @Test func staffAddRefusesATakenUsername() throws {
        let db = temporaryDatabasePath()
        _ = try runHomeroom(["staff", "add", "arivera", "--role", "teacher", "--db", db])
        let run = try runHomeroom(["staff", "add", "arivera", "--role", "admin", "--db", db])
        #expect(run.status != 0 && run.err.contains("already exists"))
    }

    @Test func unlockLiftsASignInLock() async throws {
        let config = testConfig()
        let store = try seededDatabase(config)
        var rules = SignInThrottle()
        rules.lockAfterFailures = 1
        _ = try await store.beginSignIn(username: "s0012345", rules: rules, at: Date())
        let run = try runHomeroom(["unlock", "S0012345", "--db", config.databasePath])
        #expect(run.status == 0)
        #expect(try await store.signInFailures(username: "s0012345") == (0, false))
    }

    @Test func unlockOfAnUnknownAccountFails() throws {
        let run = try runHomeroom(["unlock", "s9999999", "--db", temporaryDatabasePath()])
        #expect(run.status != 0 && run.err.contains("no student or staff account"))
    }

    @Test func serveRefusesAPAMServiceWithNoFile() throws {
        let config = writeTemporaryFile(#"{"pam": {"enabled": true, "service": "homeroom-no-such-service"}}"#, suffix: ".json")
        let run = try runHomeroom(["serve", "--config", config, "--port", "0", "--db", temporaryDatabasePath()])
        #expect(run.status == 1 && run.err.contains("pam.service"))
    }
}
