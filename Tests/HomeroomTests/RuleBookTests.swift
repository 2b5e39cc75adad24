import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// One rule book: each command that changes accounts and its twin in the console leave the same
/// audit event (action, subject, outcome, reason), apart from who did it.
@Suite struct RuleBookTests {
    /// What two ways of making one change must agree on.
    struct Recorded: Equatable {
        let action: AuditAction
        let subject: String?
        let outcome: AuditEvent.Outcome
        let reason: String?

        init(_ event: AuditEvent) {
            (action, subject, outcome, reason) = (event.action, event.subject, event.outcome, event.reason)
        }
    }

    /// The command line's actor on this machine.
    static let commandLineActor = "cli:" + ProcessInfo.processInfo.userName

    /// A seeded database with student 0012345 claimed and teacher `arivera`, as both twins start.
    func prepare(_ database: AppDatabase) async throws {
        try await database.claimForTest()
        try database.addStaffForTest("arivera", role: .teacher)
    }

    /// The newest event about `subject` after `arguments` ran on a prepared database of its own.
    func commandEvent(_ arguments: [String], subject: String) async throws -> AuditEvent {
        let config = testConfig()
        let database = try seededDatabase(config)
        try await prepare(database)
        let run = try runHomeroom(arguments + ["--db", config.databasePath])
        #expect(run.status == 0, "\(arguments): \(run.err)")
        return try #require(try await database.auditEvents(subject: subject).first)
    }

    /// The newest event about `subject` after an admin (`boss`) made `posts` in the console.
    func consoleEvent(_ posts: [(String, [(String, String)])], subject: String) async throws -> AuditEvent {
        try await withApp { client, database in
            try await prepare(database)
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .admin, username: "boss")
            try await browser.get("/admin/staff")
            for (path, fields) in posts {
                let response = try await browser.post(path, fields + [("confirm", "yes")])
                #expect(response.status == .seeOther, "\(path)")
            }
            return try #require(try await database.auditEvents(subject: subject).first)
        }
    }

    /// Runs both twins and checks their events agree and name their actors.
    func expectTwins(command: [String], console: [(String, [(String, String)])], subject: String) async throws {
        let fromCommand = try await commandEvent(command, subject: subject)
        let fromConsole = try await consoleEvent(console, subject: subject)
        #expect(Recorded(fromCommand) == Recorded(fromConsole))
        #expect(fromCommand.actor == Self.commandLineActor && fromCommand.clientAddress == "command line")
        #expect(fromConsole.actor == "boss")
    }

    @Test func resetStudentAndTheConsolesResetLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["reset-student", "s0012345"],
                              console: [("/admin/students/0012345/reset", [])], subject: "s0012345")
    }

    @Test func unlockAndTheConsolesUnlockLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["unlock", "s0012345"],
                              console: [("/admin/students/0012345/unlock", [])], subject: "s0012345")
    }

    @Test func endSessionsAndTheConsolesEndSessionsLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["end-sessions", "s0012345"],
                              console: [("/admin/students/0012345/end-sessions", [])], subject: "s0012345")
    }

    @Test func staffAddAndTheConsolesAddLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["staff", "add", "okafor", "--role", "teacher", "--display-name", "Mr. Okafor"],
                              console: [("/admin/staff", [("username", "okafor"), ("display_name", "Mr. Okafor"),
                                                          ("role", "teacher"), ("password", "")])],
                              subject: "okafor")
    }

    @Test func staffSetRoleAndTheConsolesRoleChangeLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["staff", "set-role", "arivera", "--role", "technician"],
                              console: [("/admin/staff/arivera/role", [("role", "technician")])], subject: "arivera")
    }

    @Test func staffRemoveAndTheConsolesRemoveLeaveTheSameEvent() async throws {
        try await expectTwins(command: ["staff", "remove", "arivera"],
                              console: [("/admin/staff/arivera/remove", [])], subject: "arivera")
    }

    @Test func resetAllStudentsIsAuditedWithTheCommandLinesActor() async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        try await prepare(database)
        #expect(try runHomeroom(["reset-all-students", "--yes", "--db", config.databasePath]).status == 0)
        let event = try #require(try await database.auditLog().last)
        #expect(event.action == .resetAllStudents && event.reason == "1 of 5" && event.actor == Self.commandLineActor)
    }

    @Test func importRosterIsAuditedWithItsCounts() throws {
        let config = testConfig()
        let run = try runHomeroom(["import-roster", writeTemporaryFile(sampleRosterCSV), "--db", config.databasePath])
        #expect(run.status == 0)
        let event = try #require(try AppDatabase.open(path: config.databasePath, schema: packageRoot.schema()).auditLog().last)
        #expect(event.action == .importRoster && event.actor == Self.commandLineActor)
        #expect(event.reason == "CSV, 5 rows: added 5, updated 0, unchanged 0, deactivated 0, reactivated 0")
    }
}
