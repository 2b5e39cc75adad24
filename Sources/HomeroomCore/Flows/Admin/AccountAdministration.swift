import Foundation

/// The rule book for every change a technician or an admin makes to accounts. The console's
/// routes and the `homeroom` commands both call these operations, so a change follows the same
/// rules (the configured password rules and hash parameters) and leaves the same audit event,
/// written in the same transaction as the change, whichever way it was made. Only `actor` differs:
/// the staff username in the console, `cli:<system user>` on the command line.
public struct AccountAdministration: Sendable {
    let core: CoreServices

    public init(core: CoreServices) { self.core = core }

    /// One student back to unclaimed: password and answers erased, locks cleared, sessions
    /// ended. False when there is no such student.
    public func resetClaim(studentID: String, by actor: Actor) async throws -> Bool {
        let event = core.event(.resetClaim, by: actor, subject: StudentUsername.of(studentID), outcome: .success)
        return try await core.database.resetClaim(studentID: studentID, at: core.now, audit: event)
    }

    /// Lifts the sign-in, reset and claim locks of `username`. False when no student or staff
    /// account has that name.
    public func unlock(username: String, by actor: Actor) async throws -> Bool {
        guard try await core.database.accountExists(username: username) else { return false }
        try await core.database.unlockAccount(username: username,
                                              audit: core.event(.unlock, by: actor, subject: username, outcome: .success))
        return true
    }

    /// Ends every session of `username`. False when no student or staff account has that name.
    public func endSessions(username: String, by actor: Actor) async throws -> Bool {
        guard try await core.database.accountExists(username: username) else { return false }
        try await core.database.endSessions(username: username,
                                            audit: core.event(.endSessions, by: actor, subject: username, outcome: .success))
        return true
    }

    /// A new school year: every student back to unclaimed in one transaction; staff untouched.
    public func resetAllStudents(by actor: Actor) async throws -> (claimed: Int, total: Int) {
        let core = self.core
        return try await core.database.resetAllStudents(at: core.now) { claimed, total in
            core.event(.resetAllStudents, by: actor, subject: nil, outcome: .success, reason: "\(claimed) of \(total)")
        }
    }

    /// Imports a roster file or a OneRoster export, all or nothing (any bad row throws
    /// `RosterError` naming each by file and line, and changes nothing); claims, passwords and
    /// answers are kept. A OneRoster bulk export disables the students it lacks, as
    /// `deactivateMissing` does, and its `tobedeleted` users are disabled. Read and written on the
    /// blocking pool, never on Swift's cooperative threads.
    /// With `withTeachers` a OneRoster export's teachers become staff accounts with the teacher
    /// role. With `dryRun` the counts are those the import would make, and nothing is written.
    public func importRoster(_ source: RosterSource, deactivateMissing: Bool, withTeachers: Bool = false, dryRun: Bool = false,
                             by actor: Actor) async throws -> ImportCounts {
        let core = self.core
        let roster = try await core.pool.run {
            let opened = try source.open(oneRoster: core.config.oneRoster)
            if withTeachers && !opened.teacherProblems.isEmpty { throw RosterError(problems: opened.teacherProblems) }
            return opened.readAhead()
        }
        let format = roster.format
        return try await core.database.importRoster(roster.feed, deactivateMissing: deactivateMissing || roster.listsEveryStudent,
                                                    deactivating: roster.deactivating, teachers: withTeachers ? roster.teachers : [],
                                                    keepingUnsaid: roster.isDelta, dryRun: dryRun, at: core.now, pool: core.pool) { counts in
            core.event(.importRoster, by: actor, subject: nil, outcome: .success, reason: "\(format), \(counts.rows) rows: \(counts)")
        }
    }

    /// Adds a staff account: with a password (checked against the configured rules and the
    /// account's own names, hashed at the configured parameters) it signs in locally, without
    /// one through PAM. An empty display name becomes the username.
    public func addStaff(username: String, displayName: String, role: Staff.Role, password: String?, email: String? = nil,
                         by actor: Actor) async throws {
        if let problem = problem(addingStaff: username, displayName: displayName, password: password, email: email) { throw problem }
        let name = displayName.isEmpty ? username : displayName
        let password = password.flatMap { $0.isEmpty ? nil : $0 }
        var hash: String?
        if let password { hash = try await core.hashPassword(password) }
        try await core.database.addStaff(Staff(username: username, displayName: name, role: role, passwordHash: hash,
                                         email: email.flatMap { $0.isEmpty ? nil : $0 }, at: core.now),
                                   audit: core.event(.addStaff, by: actor, subject: username, outcome: .success, reason: role.rawValue))
    }

    /// Why `addStaff` would refuse these details, if it would: the console asks before it
    /// shows its confirmation. (A taken username is found only when adding.)
    public func problem(addingStaff username: String, displayName: String, password: String?, email: String? = nil) -> StaffError? {
        let name = displayName.isEmpty ? username : displayName
        guard Staff.isValidUsername(username) else { return .invalidUsername(username) }
        guard (1...200).contains(name.count) else { return .invalidDisplayName }
        if let email, !email.isEmpty, !Staff.isValidEmail(email) { return .invalidEmail(email) }
        if let password, !password.isEmpty,
           let problem = core.passwordPolicy.check(password, confirm: password, personal: [username, name]) {
            return .passwordRefused(problem)
        }
        return nil
    }

    /// Gives a staff account another role and ends its sessions. Nobody changes their own role.
    public func setStaffRole(username: String, role: Staff.Role, by actor: Actor) async throws {
        guard actor.name != username else { throw StaffError.ownAccount }
        let event = core.event(.setStaffRole, by: actor, subject: username, outcome: .success, reason: role.rawValue)
        guard try await core.database.setStaffRole(username: username, role: role, at: core.now, audit: event) else {
            throw StaffError.noSuchAccount(username)
        }
    }

    /// Removes a staff account and ends its sessions. Nobody removes their own account.
    public func removeStaff(username: String, by actor: Actor) async throws {
        guard actor.name != username else { throw StaffError.ownAccount }
        let event = core.event(.removeStaff, by: actor, subject: username, outcome: .success)
        guard try await core.database.removeStaff(username: username, audit: event) else { throw StaffError.noSuchAccount(username) }
    }
}
