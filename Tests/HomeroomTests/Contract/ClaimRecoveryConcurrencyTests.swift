import Foundation
import Testing
@testable import HomeroomCore

/// The guards of claims and resets when many nodes ask at once: PostgreSQL only (SQLite has
/// one writer), each attempt on a connection of its own from the store's pool.
@Suite(.enabled(if: StoreKind.available.contains(.postgres))) struct ClaimRecoveryConcurrencyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// A roster of `count` students, 1000000 and on.
    func roster(_ count: Int) -> String {
        "student_id,last_name,first_name\n" + (0..<count).map { "\(1_000_000 + $0),Student,Number \($0)\n" }.joined()
    }

    @Test func hundredParallelClaimsOfOneStudentEndWithExactlyOneInEveryRound() async throws {
        try await withStore(.postgres) { store in
            let rounds = 100
            _ = try await store.importCSV(roster(rounds), at: now)
            var winners: [Int] = []
            for round in 0..<rounds {
                let id = String(1_000_000 + round)
                let won = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for attempt in 0..<100 {
                        let answers = ["pet", "color"].map { ChallengeAnswer(studentID: id, questionID: $0, answerHash: "$argon2id$\(attempt)") }
                        group.addTask {
                            try await store.completeClaim(studentID: id, passwordHash: "$argon2id$\(attempt)", answers: answers, at: now,
                                                          audit: .test(.claimComplete, at: now, subject: id))
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                let student = try await store.student(id: id)
                let answers = try await store.answers(studentID: id)
                let events = try await store.auditEvents(subject: id)
                let consistent = answers.count == 2 && answers.allSatisfy { $0.answerHash == student?.passwordHash } && events.count == 1
                winners.append(won == 1 && consistent ? 1 : 0)
            }
            #expect(winners.reduce(0, +) == rounds)
        }
    }

    @Test func parallelResetsOfOneAccountAreCountedUpToTheLimit() async throws {
        try await withStore(.postgres) { store in
            let gates = try await withThrowingTaskGroup(of: ResetGate.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.beginReset(username: "s1234567", address: [], maxFailures: 5, lockFor: 3600, at: now) }
                }
                return try await group.reduce(into: [ResetGate]()) { $0.append($1) }
            }
            let allowed = gates.filter { if case .allowed = $0 { true } else { false } }
            #expect(allowed.count == 5 && gates.filter { $0 == .locked(until: now + 3600) }.count == 15)
        }
    }

    @Test func parallelResetsFromOneAddressAreLetThroughUpToItsLimit() async throws {
        try await withStore(.postgres) { store in
            let address = [ThrottleKey(scope: .resetAddress, address: "10.0.0.1", rule: ThrottleRule(maxFailures: 5, windowMinutes: 10, lockMinutes: 10))]
            let gates = try await withThrowingTaskGroup(of: ResetGate.self) { group in
                for user in 0..<20 {
                    group.addTask { try await store.beginReset(username: "s\(1_000_000 + user)", address: address, maxFailures: 5, lockFor: 3600, at: now) }
                }
                return try await group.reduce(into: [ResetGate]()) { $0.append($1) }
            }
            #expect(gates.filter { $0 == .addressThrottled }.count == 15)
        }
    }
}
