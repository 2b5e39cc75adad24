import Foundation

/// QR badges for the youngest students: printed by a teacher (their homeroom) or a technician
/// (anyone), shown to the camera at `/badge`. The rules and the audit of each, HTTP aside.
public struct BadgeOperations: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    var settings: BadgeSettings { core.config.badges }

    /// New badges for the active students among `studentIDs` that `scope` covers and whose grade
    /// may have one (`badges.grades`), replacing (so revoking) the badge each had. By student ID.
    public func issue(_ studentIDs: [String], scope: StudentScope, by actor: Actor) async throws -> [IssuedBadge] {
        let core = self.core
        let credentials = Dictionary(studentIDs.map { ($0, BadgeCredential.make()) }, uniquingKeysWith: { first, _ in first })
        return try await core.database.issueBadges(credentials, scope: scope, grades: Set(settings.grades), at: core.now) {
            core.event(.issueBadge, by: actor, subject: $0.username, outcome: .success)
        }
    }

    /// Revokes the badge of `studentID` when `scope` covers the student; whether there was one.
    public func revoke(_ studentID: String, scope: StudentScope, by actor: Actor) async throws -> Bool {
        let core = self.core
        return try await core.database.revokeBadge(studentID: studentID, scope: scope) {
            core.event(.revokeBadge, by: actor, subject: $0.username, outcome: .success)
        }
    }

    /// What showing a badge came to. Every wrong badge gets the same outcome.
    public enum Outcome: Sendable, Equatable {
        /// Signed in as `identity`; `epoch` is the account's session epoch.
        case signedIn(SignInIdentity, epoch: Int)
        case failed
        /// Too many wrong badges from this address.
        case throttled
        /// Badges do not work from this address (`badges.networks`).
        case notHere
    }

    /// A badge's QR text or short code shown from `actor`'s address: counted against the address
    /// before it is looked at (taken back when it works, in the write that audits the sign-in
    /// and deletes the browser's previous session record, `endingSession`).
    public func signIn(_ shown: String, by actor: Actor, endingSession: String?) async throws -> Outcome {
        guard settings.allows(address: actor.address) else {
            await core.audit(.badgeSignIn, by: actor, subject: nil, outcome: .failure, reason: "network")
            return .notHere
        }
        let key = ThrottleKey(scope: .badgeAddress, address: actor.address, rule: settings.perAddress)
        guard case .allowed(let ticket) = try await core.database.beginAttempt([key], at: core.now) else {
            await core.audit(.badgeSignIn, by: actor, subject: nil, outcome: .throttled)
            return .throttled
        }
        let student: Student?
        switch BadgeCredential.presented(String(shown.prefix(200))) {
        case .secret(let hash): student = try await core.database.badgeHolder(secretHash: hash, shortHash: nil)
        case .shortCode(let hash): student = try await core.database.badgeHolder(secretHash: nil, shortHash: hash)
        case .unreadable: student = nil
        }
        guard let student, settings.grades.contains(student.grade ?? "") else {
            await core.audit(.badgeSignIn, by: actor, subject: student?.username, outcome: .failure,
                             reason: student == nil ? "unknown" : "grade")
            return .failed
        }
        let event = core.event(.badgeSignIn, by: actor, subject: student.username, outcome: .success)
        let epoch = try await core.database.signInSucceeded(forgiving: ticket, username: student.username, audit: event,
                                                            endingSession: endingSession)
        core.metrics.signIns.count(.success)
        return .signedIn(SignInIdentity(username: student.username, role: .student, firstName: student.firstName), epoch: epoch)
    }
}
