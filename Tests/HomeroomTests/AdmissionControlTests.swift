import Dispatch
import Foundation
import HomeroomCore
import HomeroomWeb
import HummingbirdTesting
import Testing

/// Holds every slot of a blocking pool until released.
final class PoolBlocker: Sendable {
    let pool: BlockingPool
    let gate = DispatchSemaphore(value: 0)

    init(_ pool: BlockingPool) { self.pool = pool }

    /// Occupies the pool's only thread (its queue limit is 0) and waits until it is taken.
    func fill() async throws {
        let gate = self.gate
        Task { try await pool.run { gate.wait() } }
        while pool.load < pool.threads + pool.queueLimit { try await Task.sleep(for: .milliseconds(5)) }
    }

    func release() { gate.signal() }
}

/// A full blocking pool: requests that need a hash get 503 at once and write nothing; pages that
/// need none still answer.
@Suite struct AdmissionControlTests {
    /// Runs `test` against an app whose pool has one thread and no queue.
    func withTinyPool(_ test: @escaping @Sendable (any TestClientProtocol, AppDatabase, PoolBlocker) async throws -> Void) async throws {
        let config = testConfig()
        let database = try seededDatabase(config)
        let pool = BlockingPool(threads: 1, queueLimit: 0)
        let app = try await buildApplication(config: config, root: packageRoot, pool: pool)
        let blocker = PoolBlocker(pool)
        try await app.test(.router) { client in
            do {
                try await test(client, database, blocker)
            } catch {
                blocker.release()
                throw error
            }
            blocker.release()
        }
    }

    @Test func signInWhileThePoolIsFullGets503WithRetryAfter() async throws {
        try await withTinyPool { client, database, blocker in
            try await database.claimForTest()
            var browser = Browser(client)
            try await blocker.fill()
            let response = try await browser.signIn("s0012345")
            #expect(response.status == .serviceUnavailable && response.headers[.retryAfter] != nil)
            #expect(response.text.contains("Very busy"))
        }
    }

    @Test func signInTurnedAwayIsNotCountedAsAFailure() async throws {
        try await withTinyPool { client, database, blocker in
            try await database.claimForTest()
            var browser = Browser(client)
            try await blocker.fill()
            try await browser.signIn("s0012345")
            #expect(try await database.signInFailures(username: "s0012345").count == 0)
        }
    }

    @Test func claimTurnedAwayAtTheQuestionsWritesNothing() async throws {
        try await withTinyPool { client, database, blocker in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await browser.choosePassword(testPassword)
            try await blocker.fill()
            #expect(try await browser.answer().status == .serviceUnavailable)
            #expect(try await database.student(id: "0012345")?.isClaimed == false)
        }
    }

    @Test func resetTurnedAwayIsNotCountedAsAFailure() async throws {
        try await withTinyPool { client, database, blocker in
            var browser = Browser(client)
            let fields = answerFields(try await browser.startReset("s9999999").text)
            try await blocker.fill()
            #expect(try await browser.answerReset(wellFormedAnswers(fields)).status == .serviceUnavailable)
            #expect(try await database.resetFailures(username: "s9999999").count == 0)
        }
    }

    @Test func landingPageStillAnswersWhileThePoolIsFull() async throws {
        try await withTinyPool { client, _, blocker in
            var browser = Browser(client)
            try await blocker.fill()
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func stepPageStillAnswersWhileThePoolIsFull() async throws {
        try await withTinyPool { client, _, blocker in
            var browser = Browser(client)
            try await browser.startClaim(last: "O'Brien", first: "Mary Kate", id: "0012345")
            try await blocker.fill()
            #expect(try await browser.get("/claim/password").status == .ok)
        }
    }
}
