import Foundation
import Testing
@testable import HomeroomCore

/// Self-service resets, on every store.
@Suite struct RecoveryStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let addressRule = ThrottleRule(maxFailures: 2, windowMinutes: 10, lockMinutes: 10)

    func begin(_ store: any ContractStore, _ username: String = "s1234567", address: [ThrottleKey] = [],
               at time: Date? = nil) async throws -> ResetGate {
        try await store.beginReset(username: username, address: address, maxFailures: 3, lockFor: 3600, at: time ?? now)
    }

    func ticket(_ gate: ResetGate) throws -> ResetTicket {
        guard case .allowed(let ticket) = gate else { throw Refused() }
        return ticket
    }

    struct Refused: Error {}

    @Test(arguments: StoreKind.available) func resetsUpToTheLimitAreCountedAndTheNextIsLocked(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<3 { _ = try ticket(try await begin(store)) }
            #expect(try await begin(store) == .locked(until: now + 3600))
        }
    }

    @Test(arguments: StoreKind.available) func lockingResetLeavesTheCountAtZeroAndSaysUntilWhen(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<3 { _ = try await begin(store) }
            #expect(try await store.resetFailures(username: "s1234567") == (0, now + 3600))
        }
    }

    @Test(arguments: StoreKind.available) func resetLockEnds(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for _ in 0..<3 { _ = try await begin(store) }
            #expect(try ticket(try await begin(store, at: now + 3601)).failuresBefore == 0)
        }
    }

    @Test(arguments: StoreKind.available) func matchedAnswersStartTheCountAgain(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await begin(store)
            try await store.resetAnswersChecked(try ticket(try await begin(store)), matched: true, audit: .test(.resetAnswers))
            #expect(try await store.resetFailures(username: "s1234567") == (0, nil))
        }
    }

    @Test(arguments: StoreKind.available) func checkedAnswersAreAudited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.resetAnswersChecked(try ticket(try await begin(store)), matched: false, audit: .test(.resetAnswers, subject: "s1234567"))
            #expect(try await store.auditEvents(student: "1234567").map(\.action) == [.resetAnswers])
        }
    }

    @Test(arguments: StoreKind.available) func matchedAnswersLiftTheLockTheirAttemptSet(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await begin(store)
            _ = try await begin(store)
            try await store.resetAnswersChecked(try ticket(try await begin(store)), matched: true, audit: .test(.resetAnswers))
            #expect(try await store.resetFailures(username: "s1234567") == (0, nil))
        }
    }

    @Test(arguments: StoreKind.available) func abandonedResetIsNotCounted(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await begin(store)
            try await store.resetAbandoned(try ticket(try await begin(store)))
            #expect(try await store.resetFailures(username: "s1234567") == (1, nil))
        }
    }

    @Test(arguments: StoreKind.available) func abandonedLockingResetLiftsItsLock(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await begin(store)
            _ = try await begin(store)
            try await store.resetAbandoned(try ticket(try await begin(store)))
            #expect(try await store.resetFailures(username: "s1234567") == (2, nil))
        }
    }

    @Test(arguments: StoreKind.available) func resetsFromOneAddressAreThrottled(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let address = [ThrottleKey(scope: .resetAddress, address: "10.0.0.1", rule: addressRule)]
            _ = try await begin(store, "s0000001", address: address)
            _ = try await begin(store, "s0000002", address: address)
            #expect(try await begin(store, "s0000003", address: address) == .addressThrottled)
        }
    }

    @Test(arguments: StoreKind.available) func matchedAnswersForgiveTheAddress(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let address = [ThrottleKey(scope: .resetAddress, address: "10.0.0.1", rule: addressRule)]
            _ = try await begin(store, "s0000001", address: address)
            try await store.resetAnswersChecked(try ticket(try await begin(store, "s0000002", address: address)), matched: true,
                                                audit: .test(.resetAnswers))
            _ = try ticket(try await begin(store, "s0000003", address: address))
        }
    }

    @Test(arguments: StoreKind.available) func completeResetSetsThePasswordAndEndsSessions(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$old", answers: [], at: now)
            let done = try await store.completeReset(studentID: "1234567", passwordHash: "$argon2id$new", at: now + 9, audit: .test(.resetComplete))
            let hash = try await store.student(id: "1234567")?.passwordHash
            #expect(done && hash == "$argon2id$new")
            #expect(try await store.peek("SELECT session_epoch FROM account_guard WHERE username = 's1234567'") == "1")
        }
    }

    @Test(arguments: StoreKind.available) func completeResetClearsTheResetCount(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$old", answers: [], at: now)
            _ = try await begin(store)
            _ = try await store.completeReset(studentID: "1234567", passwordHash: "$argon2id$new", at: now, audit: .test(.resetComplete))
            #expect(try await store.resetFailures(username: "s1234567") == (0, nil))
        }
    }

    @Test(arguments: StoreKind.available) func completeResetOfAnUnclaimedStudentWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let done = try await store.completeReset(studentID: "1234567", passwordHash: "$argon2id$new", at: now, audit: .test(.resetComplete))
            let events = try await store.auditLog().map(\.action)
            let hash = try await store.student(id: "1234567")?.passwordHash
            #expect(!done && hash == nil && !events.contains(.resetComplete))
        }
    }

    @Test(arguments: StoreKind.available) func replacedAnswersAreTheNewOnes(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let old = ChallengeAnswer(studentID: "1234567", questionID: "pet", answerHash: "$argon2id$old")
            let new = ChallengeAnswer(studentID: "1234567", questionID: "color", answerHash: "$argon2id$new")
            _ = try await store.completeClaim(studentID: "1234567", passwordHash: "$argon2id$p", answers: [old], at: now)
            let done = try await store.replaceAnswers(studentID: "1234567", answers: [new], audit: .test(.resetNewAnswers))
            let answers = try await store.answers(studentID: "1234567")
            #expect(done && answers == [new])
        }
    }

    @Test(arguments: StoreKind.available) func answersOfAnUnclaimedStudentAreNotReplaced(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            let new = ChallengeAnswer(studentID: "1234567", questionID: "color", answerHash: "$argon2id$new")
            let done = try await store.replaceAnswers(studentID: "1234567", answers: [new], audit: .test(.resetNewAnswers))
            let answers = try await store.answers(studentID: "1234567")
            #expect(!done && answers.isEmpty)
        }
    }
}
