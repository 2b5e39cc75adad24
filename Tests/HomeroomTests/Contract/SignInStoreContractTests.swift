import Foundation
import Testing
@testable import HomeroomCore

/// What a sign-in writes besides the account's count: the address's throttle, the session it
/// replaces, its audit event, the apps told when sessions end.
@Suite struct SignInStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let rules = SignInThrottle()
    let once = ThrottleRule(maxFailures: 1, windowMinutes: 10, lockMinutes: 10)

    func ticket(_ gate: SignInGate) throws -> SignInTicket {
        guard case .allowed(let ticket) = gate else { throw SignInStoreTests.GateError(gate: gate) }
        return ticket
    }

    @Test(arguments: StoreKind.available) func lockedAddressRefusesTheSignIn(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let address = ThrottleKey(scope: .signInAddress, address: "203.0.113.9", rule: once)
            _ = try await store.beginSignIn(username: "s0012345", address: address, rules: rules, at: now)
            #expect(try await store.beginSignIn(username: "s7654321", address: address, rules: rules, at: now) == .addressThrottled)
        }
    }

    @Test(arguments: StoreKind.available) func successForgivesTheAddress(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let address = ThrottleKey(scope: .signInAddress, address: "203.0.113.9", rule: once)
            _ = try await store.signInSucceeded(try ticket(try await store.beginSignIn(username: "s0012345", address: address, rules: rules, at: now)))
            let next = try await store.beginSignIn(username: "s7654321", address: address, rules: rules, at: now)
            #expect(next != .addressThrottled)
        }
    }

    @Test(arguments: StoreKind.available) func successEndsTheSessionItReplacesAndIsAudited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "before", value: Data("{}".utf8), expiresAt: nil, username: nil)
            let ticket = try ticket(try await store.beginSignIn(username: "s0012345", rules: rules, at: now))
            _ = try await store.signInSucceeded(ticket, audit: .test(.signIn, subject: "s0012345"), endingSession: "before")
            #expect(try await store.sessionValue(key: "before", at: now) == nil)
            #expect(try await store.peek("SELECT COUNT(*) FROM audit_event WHERE subject = 's0012345'") == "1")
        }
    }

    @Test(arguments: StoreKind.available) func successOnAKnownDeviceForgivesOnlyTheDevice(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let device = ThrottleKey(scope: .signInDevice, key: "s0012345 device", rule: once)
            _ = try await store.beginSignIn(username: "s0012345", rules: rules, at: now)
            guard case .allowed(let attempt) = try await store.beginAttempt([device], at: now) else { Issue.record("throttled"); return }
            let epoch = try await store.signInSucceeded(forgiving: attempt, username: "s0012345", audit: .test(), endingSession: nil)
            let again = try await store.beginAttempt([device], at: now)
            let failures = try await store.signInFailures(username: "s0012345")
            #expect(epoch == 0 && again != .throttled(scope: .signInDevice) && failures.count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func unlockLiftsTheStudentsClaimLock(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let claim = ThrottleKey(scope: .claimStudent, key: "0012345", rule: once)
            _ = try await store.beginAttempt([claim], at: now)
            try await store.unlockAccount(username: "s0012345", audit: .test(.unlock))
            #expect(try await store.beginAttempt([claim], at: now) != .throttled(scope: .claimStudent))
        }
    }

    @Test(arguments: StoreKind.available) func endingSessionsSignsOutTheAccountsSessions(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: nil, username: "s0012345")
            try await store.endSessions(username: "s0012345", audit: .test(.endSessions))
            #expect(try await store.peek("SELECT COUNT(*) FROM web_session WHERE username IS NOT NULL") == "0")
        }
    }

    @Test(arguments: StoreKind.available) func endingSessionsQueuesALogoutForEachAppWithABackChannel(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.executeForTest("""
                INSERT INTO oidc_client (client_id, name, secret_hash, settings, created_at, updated_at)
                VALUES ('told', 'Told', NULL, '{"backchannelLogoutURI":"https://told.example/logout"}', 0, 0),
                       ('quiet', 'Quiet', NULL, '{}', 0, 0)
                """)
            try await store.executeForTest("""
                INSERT INTO oidc_session_client (sid, client_id, username) VALUES ('sid', 'told', 's0012345'), ('sid', 'quiet', 's0012345')
                """)
            try await store.endSessions(username: "s0012345", audit: .test(.endSessions))
            #expect(try await store.peek("SELECT COUNT(*) FROM oidc_logout") == "1")
            #expect(try await store.peek("SELECT client_id || ' ' || uri FROM oidc_logout") == "told https://told.example/logout")
            #expect(try await store.peek("SELECT COUNT(*) FROM oidc_session_client") == "0")
        }
    }
}
