import Foundation
import Testing
@testable import HomeroomCore

/// `homeroom copy-database`: a SQLite file moved whole into an empty PostgreSQL database.
@Suite(.enabled(if: StoreKind.available.contains(.postgres), "needs the test PostgreSQL (scripts/with-postgres)"))
struct DatabaseCopyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.123)

    /// A district's file: the sample roster, one claim with answers, a session, a secret, a staff account.
    func district() async throws -> AppDatabase {
        let source = try AppDatabase.inMemory(schema: packageRoot.schema())
        _ = try source.importRoster(csv: sampleRosterCSV, at: now)
        let answers = [ChallengeAnswer(studentID: "1234567", questionID: "pet", answerHash: "$argon2id$a")]
        _ = try await source.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: answers, at: now)
        _ = try await source.putSession(key: "k", value: Data([0, 9, 92, 10, 255]), expiresAt: now + 3600, username: "s1234567")
        _ = try await source.secret(named: "csrf_key") { "tab\tand\\backslash" }
        try source.addStaff(Staff(username: "tech1", displayName: "Tech One", role: .technician, passwordHash: nil, email: nil, at: now),
                            audit: .test(.addStaff, at: now))
        return source
    }

    @Test func everyTableArrivesWithItsCount() async throws {
        let source = try await district()
        try await withStore(.postgres) { (store) async throws in
            let copied = try await DatabaseCopy.copy(from: source, to: store as! PostgresStore)
            let counts = Dictionary(uniqueKeysWithValues: copied.map { ($0.table, $0.rows) })
            #expect(counts["student"] == 5 && counts["challenge_answer"] == 1 && counts["staff"] == 1 && counts["web_session"] == 1)
            #expect(counts["audit_event"] == 2)
        }
    }

    @Test func claimArrivesWithItsHashAndTime() async throws {
        let source = try await district()
        try await withStore(.postgres) { (store) async throws in
            _ = try await DatabaseCopy.copy(from: source, to: store as! PostgresStore)
            let hash = try await store.peek("SELECT password_hash FROM student WHERE student_id = '1234567'")
            let claimedAt = try await store.peek("SELECT claimed_at FROM student WHERE student_id = '1234567'")
            #expect(hash == "$argon2id$p" && claimedAt == String(now.millis))
        }
    }

    @Test func bytesAndEscapedTextArriveUnchanged() async throws {
        let source = try await district()
        try await withStore(.postgres) { (store) async throws in
            _ = try await DatabaseCopy.copy(from: source, to: store as! PostgresStore)
            let session = try await store.sessionValue(key: "k", at: now)
            let secret = try await store.secret(named: "csrf_key") { "new" }
            #expect(session?.value == Data([0, 9, 92, 10, 255]) && secret == "tab\tand\\backslash")
        }
    }

    @Test func copiedStudentsAreFoundByName() async throws {
        let source = try await district()
        try await withStore(.postgres) { (store) async throws in
            _ = try await DatabaseCopy.copy(from: source, to: store as! PostgresStore)
            let words = try await store.peek("SELECT COUNT(*) FROM student_name_word WHERE word = 'nunez'")
            #expect(words == "1")
        }
    }

    @Test func databaseInUseIsRefusedAndKeptAsItWas() async throws {
        let source = try await district()
        try await withStore(.postgres) { (store) async throws in
            _ = try await store.importCSV("student_id,last_name,first_name\n7777777,Kept,Here\n", at: now)
            await #expect(throws: DatabaseCopy.Refused.self) { _ = try await DatabaseCopy.copy(from: source, to: store as! PostgresStore) }
            #expect(try await store.peek("SELECT COUNT(*) FROM student") == "1")
        }
    }
}
