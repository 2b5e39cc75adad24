import Foundation
import Testing
@testable import HomeroomCore

/// One-time codes and badges, on every store; a code's single use under several nodes at once.
@Suite struct CodeBadgeStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func withSample(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        try await withSampleStore(kind, at: now, body)
    }

    func issue(_ store: any HomeroomStore, _ code: String = "ABCD-EFGH-JKMN", to id: String = "0012345",
               scope: StudentScope = .anyStudent) async throws -> [IssuedCode] {
        try await store.issueCodes([id: code], scope: scope, at: now, expiresAt: now + 3600) { _ in .test(.issueCode) }
    }

    @Test(arguments: StoreKind.available) func codeIsRedeemedOnce(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            let hash = OneTimeCode.hash("ABCD-EFGH-JKMN")
            let first = try await store.redeemCode(hash: hash, kind: .claim, at: now) { _ in .test(.redeemCode) }
            let second = try await store.redeemCode(hash: hash, kind: .claim, at: now) { _ in .test(.redeemCode) }
            #expect(first?.studentID == "0012345" && second == nil)
        }
    }

    @Test(arguments: StoreKind.available) func expiredCodeIsRefused(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            let used = try await store.redeemCode(hash: OneTimeCode.hash("ABCD-EFGH-JKMN"), kind: .claim, at: now + 3600) { _ in .test(.redeemCode) }
            #expect(used == nil)
        }
    }

    @Test(arguments: StoreKind.available) func teacherIssuesOnlyToTheirHomeroom(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let issued = try await issue(store, to: "1234567", scope: .homeroom(teacher: "Ms. Rivera"))
            let pending = try await store.pendingCode(studentID: "1234567")
            #expect(issued.isEmpty && pending == nil)
        }
    }

    @Test(arguments: StoreKind.available) func revokedCodeIsGone(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            let revoked = try await store.revokeCodes(["0012345"], scope: .anyStudent) { _ in .test(.revokeCode) }
            let with = try await store.studentsWithCodes(["0012345"])
            #expect(revoked == ["0012345"] && with.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available) func badgeFindsItsActiveHolderAndRevokes(_ kind: StoreKind) async throws {
        try await withStore(kind) { (store) async throws in
            _ = try await store.importCSV("student_id,last_name,first_name,grade\n1000001,Lee,Kai,KG\n1000002,Lee,Bo,05\n", at: now)
            let credentials = ["1000001": BadgeCredential.make(), "1000002": BadgeCredential.make()]
            let issued = try await store.issueBadges(credentials, scope: .anyStudent, grades: ["KG"], at: now) { _ in .test(.issueBadge) }
            let holder = try await store.badgeHolder(secretHash: Secrets.sha256Hex(credentials["1000001"]!.secret), shortHash: nil)
            let revoked = try await store.revokeBadge(studentID: "1000001", scope: .anyStudent) { _ in .test(.revokeBadge) }
            let after = try await store.studentsWithBadges(["1000001", "1000002"])
            #expect(issued.map(\.student.studentID) == ["1000001"] && holder?.studentID == "1000001" && revoked && after.isEmpty)
        }
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres), "needs the test PostgreSQL"))
    func codeUsedTwentyTimesAtOnceIsRedeemedOnce() async throws {
        try await withSample(.postgres) { (store) async throws in
            _ = try await issue(store)
            let hash = OneTimeCode.hash("ABCD-EFGH-JKMN"), now = self.now
            let redeemed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await store.redeemCode(hash: hash, kind: .claim, at: now) { _ in .test(.redeemCode) } != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(redeemed == 1)
        }
    }
}
