import Foundation
import PostgresNIO
import Testing
@testable import HomeroomCore

/// On PostgreSQL, a code used while its student's code is re-issued: both lock the student
/// before the code, so the use waits for the re-issue instead of the two deadlocking.
@Suite struct CodeReissueConcurrencyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// The re-issue is played by hand: its transaction holds the student's row lock (as
    /// `issueCodes` takes it) while the use starts, then replaces the code. Its deadlock check
    /// runs after 10 ms, so a use that had locked the code first would make it fail here rather
    /// than be retried a second later.
    @Test(.enabled(if: StoreKind.available.contains(.postgres), "needs the test PostgreSQL"))
    func codeUsedWhileReissuedWaitsAndFindsItReplaced() async throws {
        let store = try await PostgresTestDatabases.shared.makeStore()
        do {
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.issueCodes(["0012345": "ABCD-EFGH-JKMN"], scope: .anyStudent, at: now, expiresAt: now + 3600) { _ in
                .test(.issueCode)
            }
            let (used, pending) = try await reissue(store, usingOld: OneTimeCode.hash("ABCD-EFGH-JKMN"), new: OneTimeCode.hash("PQRS-TUVW-XYZ2"))
            #expect(used == nil && pending == OneTimeCode.hash("PQRS-TUVW-XYZ2"))
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    /// Re-issues 0012345's code as `new` while `usingOld` is redeemed; what the use returned,
    /// and the code's hash after.
    func reissue(_ store: PostgresStore, usingOld old: String, new: String) async throws -> (Student?, String?) {
        let now = self.now
        let using = try await store.client.withConnection { connection in
            let logger = PostgresTestDatabases.quiet
            try await connection.rows("BEGIN", logger: logger)
            try await connection.rows("SET LOCAL deadlock_timeout = '10ms'", logger: logger)
            try await connection.rows("SELECT 1 FROM student WHERE student_id = '0012345' FOR UPDATE", logger: logger)
            let using = Task { try await store.redeemCode(hash: old, kind: .claim, at: now) { _ in .test(.redeemCode) } }
            try await waitForALockWait(store)
            try await connection.rows("""
                INSERT INTO one_time_code (student_id, kind, code_hash, issued_at, expires_at)
                VALUES ('0012345', 'claim', \(new), \(now.millis), \(now.millis + 3_600_000))
                ON CONFLICT (student_id) DO UPDATE SET code_hash = excluded.code_hash
                """, logger: logger)
            try await connection.rows("COMMIT", logger: logger)
            return using
        }
        let student = try await using.value
        return (student, try await store.peek("SELECT code_hash FROM one_time_code WHERE student_id = '0012345'"))
    }

    /// Returns once a session of the store's database waits for a lock (the use, blocked by the
    /// re-issue), or after two seconds.
    func waitForALockWait(_ store: PostgresStore) async throws {
        for _ in 0..<400 {
            let waiting = try await store.rows("""
                SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)[0].decode(Int.self)
            if waiting > 0 { return }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
