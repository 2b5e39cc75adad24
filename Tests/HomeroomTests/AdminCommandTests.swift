import Foundation
import GRDB
import Testing
@testable import HomeroomCore

/// The district's commands: reset-student, reset-all-students, staff list/remove/set-role, audit, stats.
@Suite struct AdminCommandTests {
    /// A seeded database file with one claimed student and one staff account.
    func prepared() async throws -> (path: String, store: AppDatabase) {
        let config = testConfig()
        let store = try seededDatabase(config)
        try await store.claimForTest()
        try store.addStaffForTest("arivera", role: .teacher)
        return (config.databasePath, store)
    }

    @Test func resetStudentUnclaimsTheAccount() async throws {
        let (path, store) = try await prepared()
        #expect(try runHomeroom(["reset-student", "s0012345", "--db", path]).status == 0)
        #expect(try await store.student(id: "0012345")?.isClaimed == false)
    }

    @Test func resetStudentOfAnUnknownIDFails() async throws {
        let (path, _) = try await prepared()
        let run = try runHomeroom(["reset-student", "s9999999", "--db", path])
        #expect(run.status != 0 && run.err.contains("no student with ID 9999999"))
    }

    @Test func resetAllWithoutYesChangesNothing() async throws {
        let (path, store) = try await prepared()
        #expect(try runHomeroom(["reset-all-students", "--db", path]).status != 0)
        #expect(try await store.student(id: "0012345")?.isClaimed == true)
    }

    @Test func resetAllPrintsTheCountAndKeepsStaff() async throws {
        let (path, store) = try await prepared()
        let run = try runHomeroom(["reset-all-students", "--yes", "--db", path])
        #expect(run.out.contains("Reset 1 claimed student accounts to unclaimed (5 students in all)"))
        #expect(try await store.staff(username: "arivera") != nil)
        #expect(try await store.student(id: "0012345")?.isClaimed == false)
    }

    @Test func resetAllFailingInTheMiddleLeavesEverythingAsItWas() async throws {
        let (path, store) = try await prepared()
        try await store.claimForTest(id: "7654321")
        try await store.writer.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_midway BEFORE UPDATE OF claimed_at ON student WHEN OLD.student_id = '7654321'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
        }
        let run = try runHomeroom(["reset-all-students", "--yes", "--db", path])
        #expect(run.status != 0 && run.err.contains("injected failure"))
        #expect(try await store.student(id: "0012345")?.isClaimed == true)
        #expect(try await store.student(id: "7654321")?.isClaimed == true)
        #expect(try await store.sessionEpoch(username: "s0012345") == 0)
    }

    @Test func staffListShowsRoleAndHowTheySignIn() async throws {
        let (path, _) = try await prepared()
        #expect(try runHomeroom(["staff", "list", "--db", path]).out.contains("arivera\tteacher\tlocal password\tAna Rivera"))
    }

    @Test func staffSetRoleChangesTheRole() async throws {
        let (path, store) = try await prepared()
        #expect(try runHomeroom(["staff", "set-role", "arivera", "--role", "admin", "--db", path]).status == 0)
        #expect(try await store.staff(username: "arivera")?.role == .admin)
    }

    @Test func staffRemoveDeletesTheAccount() async throws {
        let (path, store) = try await prepared()
        #expect(try runHomeroom(["staff", "remove", "arivera", "--db", path]).status == 0)
        #expect(try await store.staff(username: "arivera") == nil)
    }

    @Test func staffRemoveOfAnUnknownAccountFails() async throws {
        let (path, _) = try await prepared()
        #expect(try runHomeroom(["staff", "remove", "nobody", "--db", path]).status != 0)
    }

    @Test func auditFiltersByUser() async throws {
        let (path, store) = try await prepared()
        for subject in ["s0012345", "s1234567"] {
            try await store.audit(AuditEvent(at: Date(), by: .test, action: .signIn, subject: subject, outcome: .success, reason: nil))
        }
        let out = try runHomeroom(["audit", "--user", "S1234567", "--db", path]).out
        #expect(out.contains("s1234567") && !out.contains("s0012345"))
    }

    @Test func auditFiltersBySince() async throws {
        let (path, store) = try await prepared()
        try await store.audit(AuditEvent(at: Date(timeIntervalSince1970: 1_700_000_000), by: .test, action: .signIn, subject: "old", outcome: .success, reason: nil))
        try await store.audit(AuditEvent(at: Date(), by: .test, action: .signOut, subject: "recent", outcome: .success, reason: nil))
        let out = try runHomeroom(["audit", "--since", "2025-01-01", "--db", path]).out
        #expect(out.contains("recent") && !out.contains("\told\t"))
    }

    @Test func auditRefusesABadDate() async throws {
        let (path, _) = try await prepared()
        let run = try runHomeroom(["audit", "--since", "yesterday", "--db", path])
        #expect(run.status != 0 && run.err.contains("--since"))
    }

    @Test func auditPrintsCSV() async throws {
        let (path, _) = try await prepared()
        #expect(try runHomeroom(["audit", "--csv", "--db", path]).out.hasPrefix("at,client_address,actor,action,subject,outcome,reason"))
    }

    @Test func statsPrintsCountsPerSchoolAndGrade() async throws {
        let (path, _) = try await prepared()
        #expect(try runHomeroom(["stats", "--db", path]).out.contains("Riverdale High\t08\t1\t0\t0"))
    }
}
