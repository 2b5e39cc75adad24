import Foundation
import HomeroomCore
import Testing

/// The `homeroom` executable, run as a district's scripts run it.
@Suite struct CommandLineTests {
    func homeroom(_ arguments: String...) throws -> CommandRun {
        try runHomeroom(arguments)
    }

    func studentCount(_ db: String) async throws -> Int {
        let database = try AppDatabase.open(path: db, schema: packageRoot.schema())
        return try database.unclaimedStudents(count: 1_000).count
    }

    @Test func importPrintsTheCounts() throws {
        let run = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", temporaryDatabasePath())
        #expect(run.status == 0)
        #expect(run.out.contains("added 5, updated 0, unchanged 0, deactivated 0, reactivated 0"))
    }

    @Test func secondImportOfTheSameFileCountsEveryoneUnchanged() throws {
        let db = temporaryDatabasePath(), file = writeTemporaryFile(sampleRosterCSV)
        _ = try homeroom("import-roster", file, "--db", db)
        #expect(try homeroom("import-roster", file, "--db", db).out.contains("added 0, updated 0, unchanged 5"))
    }

    @Test func deactivateMissingCountsTheDeactivated() throws {
        let db = temporaryDatabasePath()
        _ = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", db)
        let smaller = writeTemporaryFile("student_id,last_name,first_name\n0012345,O'Brien,Mary Kate\n")
        #expect(try homeroom("import-roster", smaller, "--deactivate-missing", "--db", db).out.contains("deactivated 4"))
    }

    @Test func searchStudentsPrintsWhatTheConsoleFinds() throws {
        let db = temporaryDatabasePath()
        _ = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", db)
        #expect(try homeroom("search-students", "nun jo", "--db", db).out == "1234567\tNúñez\tJosé\tunclaimed\n")
    }

    @Test func searchStudentsTimesEachSearch() throws {
        let db = temporaryDatabasePath()
        _ = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", db)
        let line = try homeroom("search-students", "--time", "--repeat", "3", "lewis", "--db", db).out
        #expect(line.hasPrefix("lewis\t1\t") && line.split(separator: " ").count == 3)
    }

    @Test func badFileExitsNonZeroNamingEveryBadRowAndChangesNothing() async throws {
        let db = temporaryDatabasePath()
        _ = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", db)
        let bad = writeTemporaryFile("student_id,last_name,first_name\n1111111,New,Kid\n12345,Lee,Kai\n2222222,,Kai\n")
        let run = try homeroom("import-roster", bad, "--db", db)
        #expect(run.status != 0)
        let lines = run.err.split(separator: "\n")
        #expect(lines.first == "homeroom: roster not imported: 2 bad row(s); nothing was changed")
        #expect(lines.contains { $0.contains("line 3: student_id") } && lines.contains { $0.contains("line 4: last_name is empty") })
        #expect(try await studentCount(db) == 5)
    }

    @Test func missingFileExitsNonZeroWithOneLine() throws {
        let run = try homeroom("import-roster", "/nonexistent/roster.csv", "--db", temporaryDatabasePath())
        #expect(run.status != 0)
        #expect(run.err.contains("cannot read /nonexistent/roster.csv"))
    }

    @Test func missingDatabaseIsCreatedWithTheSchema() async throws {
        let db = temporaryDatabasePath()
        _ = try homeroom("import-roster", writeTemporaryFile(sampleRosterCSV), "--db", db)
        #expect(try AppDatabase.open(path: db, schema: packageRoot.schema()).schemaVersion() >= 1)
    }

    @Test func unknownCommandExitsNonZero() throws {
        #expect(try homeroom("frobnicate").status != 0)
    }

    @Test func badConfigurationStopsServeNamingTheSetting() throws {
        let config = writeTemporaryFile(#"{"password": {"minLength": 4}}"#, suffix: ".json")
        let run = try homeroom("serve", "--config", config, "--db", temporaryDatabasePath())
        #expect(run.status != 0)
        #expect(run.err.contains("password.minLength"))
    }
}

/// `homeroom codes issue|revoke`.
@Suite struct CodeCommandTests {
    func database() throws -> String {
        let path = temporaryDatabasePath()
        let db = try AppDatabase.open(path: path, schema: packageRoot.schema())
        _ = try db.importRoster(csv: sampleRosterCSV)
        return path
    }

    @Test func issuePrintsACSVRowPerStudentWithItsCode() throws {
        let run = try runHomeroom(["codes", "issue", "s0012345", "1234567", "--db", try database()])
        let lines = run.out.split(separator: "\r\n").map(String.init)
        #expect(run.status == 0)
        #expect(lines.first == "username,name,kind,code,expires")
        #expect(lines.count == 3 && lines[1].hasPrefix("s0012345,Mary Kate O'Brien,claim,"))
        #expect(lines[1].split(separator: ",")[3].count == 14)
    }

    @Test func issuedCodeWorksOnceThroughTheStore() async throws {
        let path = try database()
        let run = try runHomeroom(["codes", "issue", "s0012345", "--db", path])
        let code = String(run.out.split(separator: "\r\n")[1].split(separator: ",")[3])
        let db = try AppDatabase.open(path: path, schema: packageRoot.schema())
        let hash = OneTimeCode.hash(try #require(OneTimeCode.normalize(code)))
        #expect(try await db.redeemCode(hash: hash, kind: .claim, at: Date()) { _ in .test(.redeemCode) }?.studentID == "0012345")
        #expect(try await db.redeemCode(hash: hash, kind: .claim, at: Date()) { _ in .test(.redeemCode) } == nil)
    }

    @Test func issueForAHomeroomCoversItsStudents() throws {
        let run = try runHomeroom(["codes", "issue", "--homeroom", "Ms. Rivera", "--db", try database()])
        #expect(run.status == 0 && run.out.contains("s0012345,"))
    }

    @Test func issueToAnUnknownStudentChangesNothing() async throws {
        let path = try database()
        let run = try runHomeroom(["codes", "issue", "s0012345", "s9999999", "--db", path])
        #expect(run.status != 0 && run.err.contains("no active student s9999999"))
        let db = try AppDatabase.open(path: path, schema: packageRoot.schema())
        #expect(try await db.pendingCode(studentID: "0012345") == nil)
    }

    @Test func revokeRemovesTheUnusedCode() async throws {
        let path = try database()
        _ = try runHomeroom(["codes", "issue", "s0012345", "--db", path])
        let run = try runHomeroom(["codes", "revoke", "s0012345", "--db", path])
        #expect(run.out.contains("Revoked the codes of s0012345"))
        let db = try AppDatabase.open(path: path, schema: packageRoot.schema())
        #expect(try await db.pendingCode(studentID: "0012345") == nil)
    }

    @Test func issuingAndRevokingAreAudited() async throws {
        let path = try database()
        _ = try runHomeroom(["codes", "issue", "s0012345", "--db", path])
        _ = try runHomeroom(["codes", "revoke", "s0012345", "--db", path])
        let db = try AppDatabase.open(path: path, schema: packageRoot.schema())
        let actions = try await db.auditEvents(subject: "s0012345").map(\.action)
        #expect(actions.contains(.issueCode) && actions.contains(.revokeCode))
    }
}
