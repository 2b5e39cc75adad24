import Foundation

/// One-time claim and reset codes: issued by staff (`homeroom codes issue`, and the letters
/// printed from the console and the teacher's homeroom page), typed by students at `/claim/code`
/// or `/forgot-password/code`. The rules and the audit of each, HTTP aside.
public struct CodeOperations: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    /// New codes for the active students among `studentIDs` that `scope` covers, replacing any
    /// they had; a claim code for each unclaimed student, a reset code for each claimed one.
    /// Sorted by student ID.
    public func issue(_ studentIDs: [String], scope: StudentScope = .anyStudent, by actor: Actor) async throws -> [IssuedCode] {
        let now = core.now, core = self.core
        let expiresAt = now.addingTimeInterval(TimeInterval(core.config.codes.validDays) * 86_400)
        let codes = Dictionary(studentIDs.map { ($0, OneTimeCode.make()) }, uniquingKeysWith: { first, _ in first })
        return try await core.database.issueCodes(codes, scope: scope, at: now, expiresAt: expiresAt) { issued in
            core.event(.issueCode, by: actor, subject: issued.student.username, outcome: .success, reason: issued.kind.rawValue)
        }
    }

    /// Revokes the unused codes of `studentIDs` that `scope` covers; the IDs that had one.
    public func revoke(_ studentIDs: [String], scope: StudentScope = .anyStudent, by actor: Actor) async throws -> [String] {
        let core = self.core
        return try await core.database.revokeCodes(studentIDs, scope: scope) { id in
            core.event(.revokeCode, by: actor, subject: StudentUsername.of(id), outcome: .success)
        }
    }

    /// What typing a code came to. A wrong, used, expired or revoked code is one outcome.
    public enum RedeemOutcome: Sendable, Equatable {
        case redeemed(Student)
        case failed
        /// Too many wrong codes from this address.
        case throttled
    }

    /// A code typed for `kind`: counted against the address before it is looked at (taken back
    /// when it works), then used in one statement.
    public func redeem(_ typed: String, kind: CodeKind, by actor: Actor) async throws -> RedeemOutcome {
        let key = ThrottleKey(scope: .codeAddress, address: actor.address, rule: core.config.codes.perAddress)
        let ticket: AttemptTicket
        switch try await core.database.beginAttempt([key], at: core.now) {
        case .throttled:
            await core.audit(.redeemCode, by: actor, subject: nil, outcome: .throttled, reason: kind.rawValue)
            return .throttled
        case .allowed(let allowed): ticket = allowed
        }
        let core = self.core
        guard let code = OneTimeCode.normalize(typed),
              let student = try await core.database.redeemCode(hash: OneTimeCode.hash(code), kind: kind, at: core.now, audit: {
                  core.event(.redeemCode, by: actor, subject: $0.username, outcome: .success, reason: kind.rawValue)
              }) else {
            await core.audit(.redeemCode, by: actor, subject: nil, outcome: .failure, reason: kind.rawValue)
            return .failed
        }
        try await core.database.forgive(ticket)
        return .redeemed(student)
    }
}

/// Issued codes as CSV for a mail merge (RFC 4180, quoted as the audit export is): a header
/// `username,name,kind,code,expires` and a row per code, the code shown as it is printed.
public enum IssuedCodesCSV {
    public static let header = ["username", "name", "kind", "code", "expires"]

    public static func render(_ issued: [IssuedCode]) -> String {
        var lines = [header.joined(separator: ",")]
        for code in issued {
            let fields = [code.student.username, code.student.firstName + " " + code.student.lastName, code.kind.rawValue,
                          OneTimeCode.display(code.code), code.expiresAt.formatted(.iso8601)]
            lines.append(fields.map(AuditCSV.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
