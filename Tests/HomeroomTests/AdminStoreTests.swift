import Foundation
import GRDB
import Testing
@testable import HomeroomCore

/// The store's administration: search, resets, stats, audit retention and CSV.
@Suite struct AdminStoreTests {
    func database() throws -> AppDatabase { try seededDatabase(testConfig()) }

    @Test func searchNeedsEveryWord() async throws {
        let db = try database()
        #expect(try await db.searchStudents("jose nunez").map(\.studentID) == ["1234567"])
    }

    @Test func searchTreatsPercentAsAPlainCharacter() async throws {
        #expect(try await database().searchStudents("%").isEmpty)
    }

    @Test func resetAllStudentsLeavesStaffUntouched() async throws {
        let db = try database()
        try await db.claimForTest()
        try db.addStaffForTest("arivera")
        let before = try await db.staff(username: "arivera")
        _ = try db.resetAllStudents(at: Date())
        #expect(try await db.staff(username: "arivera") == before)
    }

    @Test func resetAllStudentsCountsTheClaimedOnes() async throws {
        let db = try database()
        try await db.claimForTest()
        #expect(try db.resetAllStudents(at: Date()) == (1, 5))
    }

    @Test func resetAllStudentsEndsStudentSessions() async throws {
        let db = try database()
        try await db.claimForTest()
        _ = try db.resetAllStudents(at: Date())
        #expect(try await db.sessionEpoch(username: "s0012345") == 1)
    }

    @Test func statsCountClaimedAndUnclaimedPerSchoolAndGrade() async throws {
        let db = try database()
        try await db.claimForTest()
        let riverdale8 = try db.claimStats().first { $0.school == "Riverdale High" && $0.grade == "08" }
        #expect(riverdale8.map { [$0.claimed, $0.unclaimed] } == [1, 0])
    }

    @Test(arguments: StoreKind.available) func pruneDeletesOnlyOldEvents(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let now = Date()
            try await store.audit(AuditEvent(at: now.addingTimeInterval(-401 * 86400), by: .test, action: .signIn, subject: "old", outcome: .success, reason: nil))
            try await store.audit(AuditEvent(at: now, by: .test, action: .signOut, subject: "new", outcome: .success, reason: nil))
            _ = try await store.pruneAudit(before: now.addingTimeInterval(-400 * 86400))
            #expect(try await store.auditLog().compactMap(\.subject) == ["new"])
        }
    }

    @Test func csvQuotesCommasAndQuotes() {
        #expect(AuditCSV.quote(#"a,"b""#) == #""a,""b""""#)
    }

    @Test func csvDefusesSpreadsheetFormulas() {
        #expect(AuditCSV.quote("=HYPERLINK(1)") == "'=HYPERLINK(1)")
    }
}
