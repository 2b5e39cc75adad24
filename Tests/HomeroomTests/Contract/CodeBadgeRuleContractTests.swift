import Foundation
import Testing
@testable import HomeroomCore

/// The rules of one-time codes and badges beyond their use (kinds, scopes, disabled students,
/// expired codes, audit), on every store.
@Suite struct CodeBadgeRuleContractTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let code = "ABCD-EFGH-JKMN"

    func withSample(_ kind: StoreKind, _ body: (any HomeroomStore) async throws -> Void) async throws {
        try await withSampleStore(kind, at: now, body)
    }

    func issue(_ store: any HomeroomStore, to id: String = "0012345", expiresAt: Date? = nil) async throws -> [IssuedCode] {
        try await store.issueCodes([id: Self.code], scope: .anyStudent, at: now, expiresAt: expiresAt ?? now + 3600) { _ in .test(.issueCode) }
    }

    func redeem(_ store: any HomeroomStore, _ kind: CodeKind) async throws -> Student? {
        try await store.redeemCode(hash: OneTimeCode.hash(Self.code), kind: kind, at: now) { .test(.redeemCode, subject: $0.username) }
    }

    @Test(arguments: StoreKind.available) func claimedStudentsCodeIsAResetCode(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            try await store.claimForTest(id: "0012345")
            let issued = try await issue(store)
            let pending = try await store.pendingCode(studentID: "0012345")
            #expect(issued.map(\.kind) == [.reset] && pending?.kind == .reset && pending?.expiresAt == now + 3600)
        }
    }

    @Test(arguments: StoreKind.available) func codeOfTheOtherKindIsRefusedAndKept(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            let used = try await redeem(store, .reset)
            let pending = try await store.pendingCode(studentID: "0012345")
            #expect(used == nil && pending?.kind == .claim)
        }
    }

    @Test(arguments: StoreKind.available) func claimCodeOfAStudentWhoClaimedMeanwhileIsUsedUp(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            try await store.claimForTest(id: "0012345")
            let used = try await redeem(store, .claim)
            let pending = try await store.pendingCode(studentID: "0012345")
            #expect(used == nil && pending == nil)
        }
    }

    @Test(arguments: StoreKind.available) func usedCodeIsAuditedWithItsStudent(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store)
            _ = try await redeem(store, .claim)
            let events = try await store.auditEvents(subject: "s0012345", limit: 10).map(\.action)
            #expect(events == [.redeemCode])
        }
    }

    @Test(arguments: StoreKind.available) func expiredCodesStillCountAsHeld(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store, expiresAt: now - 60)
            let held = try await store.studentsWithCodes(["0012345", "1234567"])
            #expect(held == ["0012345"])
        }
    }

    @Test(arguments: StoreKind.available) func teacherRevokesNoCodeOutsideTheirHomeroom(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await issue(store, to: "1234567")
            let revoked = try await store.revokeCodes(["1234567"], scope: .homeroom(teacher: "Ms. Rivera")) { _ in .test(.revokeCode) }
            let held = try await store.studentsWithCodes(["1234567"])
            #expect(revoked.isEmpty && held == ["1234567"])
        }
    }

    @Test(arguments: StoreKind.available) func activeStudentIDsAreOneSchoolAndGradeByID(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let ids = try await store.activeStudentIDs(school: "Lovejoy Middle", grade: "06")
            #expect(ids == ["2222222", "3333333"])
        }
    }

    @Test(arguments: StoreKind.available) func badgeIsFoundByItsShortCode(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let credential = BadgeCredential.make()
            _ = try await store.issueBadges(["0012345": credential], scope: .anyStudent, grades: ["08"], at: now) { _ in .test(.issueBadge) }
            let holder = try await store.badgeHolder(secretHash: nil, shortHash: Secrets.sha256Hex(credential.shortCode))
            #expect(holder?.studentID == "0012345")
        }
    }

    @Test(arguments: StoreKind.available) func disabledStudentsBadgeFindsNoOne(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            let credential = BadgeCredential.make()
            _ = try await store.issueBadges(["0012345": credential], scope: .anyStudent, grades: ["08"], at: now) { _ in .test(.issueBadge) }
            let others = sampleRosterCSV.split(separator: "\n").filter { !$0.contains("0012345") }.joined(separator: "\n") + "\n"
            _ = try await store.importCSV(others, deactivateMissing: true, at: now)
            let holder = try await store.badgeHolder(secretHash: Secrets.sha256Hex(credential.secret), shortHash: nil)
            #expect(holder == nil)
        }
    }

    @Test(arguments: StoreKind.available) func teacherRevokesNoBadgeOutsideTheirHomeroom(_ kind: StoreKind) async throws {
        try await withSample(kind) { (store) async throws in
            _ = try await store.issueBadges(["1234567": BadgeCredential.make()], scope: .anyStudent, grades: ["09"], at: now) { _ in
                .test(.issueBadge)
            }
            let revoked = try await store.revokeBadge(studentID: "1234567", scope: .homeroom(teacher: "Ms. Rivera")) { _ in .test(.revokeBadge) }
            let held = try await store.studentsWithBadges(["1234567"])
            #expect(!revoked && held == ["1234567"])
        }
    }
}
