import Foundation
import Testing
@testable import HomeroomCore

/// Staff accounts, on every store.
@Suite struct StaffStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func staff(_ username: String, role: Staff.Role = .teacher) -> Staff {
        Staff(username: username, displayName: "Ana Rivera", role: role, passwordHash: "$argon2id$p", email: "ana@example.org", at: now)
    }

    @Test(arguments: StoreKind.available) func addedStaffIsReadBack(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff))
            #expect(try await store.staff(username: "arivera") == staff("arivera"))
        }
    }

    @Test(arguments: StoreKind.available) func addedStaffIsAudited(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff, subject: "arivera"))
            #expect(try await store.auditLog(user: "arivera").map(\.action) == [.addStaff])
        }
    }

    @Test(arguments: StoreKind.available) func takenUsernameIsRefusedAndWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff))
            await #expect(throws: StaffError.alreadyExists("arivera")) {
                try await store.addStaff(staff("arivera", role: .admin), audit: .test(.addStaff))
            }
            let role = try await store.staff(username: "arivera")?.role
            let events = try await store.auditLog()
            #expect(role == .teacher && events.count == 1)
        }
    }

    @Test(arguments: StoreKind.available) func studentLikeUsernameIsRefusedAndWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            await #expect(throws: StaffError.invalidUsername("s1234567")) {
                try await store.addStaff(staff("s1234567"), audit: .test(.addStaff))
            }
            let account = try await store.staff(username: "s1234567")
            #expect(account == nil)
        }
    }

    @Test(arguments: StoreKind.available) func allStaffIsInUsernameOrder(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            for name in ["b.one", "a_two", "a.two", "_z"] { try await store.addStaff(staff(name), audit: .test(.addStaff)) }
            #expect(try await store.allStaff().map(\.username) == ["_z", "a.two", "a_two", "b.one"])
        }
    }

    @Test(arguments: StoreKind.available) func accountsExistForRosterStudentsAndStaff(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.importCSV(sampleRosterCSV, at: now)
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff))
            let found = [try await store.accountExists(username: "s1234567"), try await store.accountExists(username: "arivera"),
                         try await store.accountExists(username: "s9999999"), try await store.accountExists(username: "nobody")]
            #expect(found == [true, true, false, false])
        }
    }

    @Test(arguments: StoreKind.available) func removedStaffIsGoneAndItsSessionsEnd(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff))
            _ = try await store.putSession(key: "k", value: Data("{}".utf8), expiresAt: nil, username: "arivera")
            let removed = try await store.removeStaff(username: "arivera", audit: .test(.removeStaff))
            let account = try await store.staff(username: "arivera")
            #expect(removed && account == nil)
            #expect(try await store.peek("SELECT session_epoch FROM account_guard WHERE username = 'arivera'") == "1")
            #expect(try await store.peek("SELECT COUNT(*) FROM web_session WHERE username = 'arivera'") == "0")
        }
    }

    @Test(arguments: StoreKind.available) func removingAnUnknownAccountWritesNothing(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let removed = try await store.removeStaff(username: "arivera", audit: .test(.removeStaff))
            let events = try await store.auditLog()
            #expect(!removed && events.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func newRoleIsKeptAndSessionsEnd(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.addStaff(staff("arivera"), audit: .test(.addStaff))
            let changed = try await store.setStaffRole(username: "arivera", role: .admin, at: now + 5, audit: .test(.setStaffRole))
            let account = try await store.staff(username: "arivera")
            #expect(changed && account?.role == .admin && account?.updatedAt == now + 5)
            #expect(try await store.peek("SELECT session_epoch FROM account_guard WHERE username = 'arivera'") == "1")
        }
    }

    @Test(arguments: StoreKind.available) func roleOfAnUnknownAccountIsNotSet(_ kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let changed = try await store.setStaffRole(username: "arivera", role: .admin, at: now, audit: .test(.setStaffRole))
            let events = try await store.auditLog()
            #expect(!changed && events.isEmpty)
        }
    }
}
