import Foundation

/// Checks a username and password against students, staff and PAM. It does the same kind of
/// work whether or not the account exists: an unknown or unclaimed student is verified against a
/// decoy hash, an unknown staff name goes through PAM (as a name no system has) when PAM is on.
struct CredentialChecker: Sendable {
    let database: any HomeroomStore
    let pool: BlockingPool
    let hasher: PasswordHasher
    let local: LocalAuthenticator
    let pam: (any StaffAuthenticator)?
    let clock: any AppClock
    let metrics: AppMetrics

    /// The name PAM is asked about for a username that is no staff account.
    static let unknownPAMUser = "homeroom-no-such-user"

    /// Staff without a local password are checked by `pam` when given.
    init(core: CoreServices, pam: (any StaffAuthenticator)?) {
        database = core.database
        pool = core.pool
        hasher = core.hasher
        local = LocalAuthenticator(hasher: core.hasher, decoyHash: core.decoyHash)
        self.pam = pam
        clock = core.clock
        metrics = core.metrics
    }

    func check(username: String, password: String) async throws -> Result<SignInIdentity, SignInFailure> {
        if let id = StudentUsername.studentID(username) {
            return try await checkStudent(id: id, username: username, password: password)
        }
        return try await checkStaff(username: username, password: password)
    }

    private func checkStudent(id: String, username: String, password: String) async throws -> Result<SignInIdentity, SignInFailure> {
        let student = try await database.student(id: id)
        let stored = student?.passwordHash
        let normalized = PasswordPolicy.normalized(password)
        let (hasher, decoy) = (self.hasher, local.decoyHash)
        let matched = try await pool.run(.verify) { hasher.verify(normalized, against: stored ?? decoy) }
        metrics.passwordVerifications.increment()
        guard let student else { return .failure(.unknownUser) }
        guard let stored else { return .failure(.unclaimed) }
        guard student.active else { return .failure(.disabled) }
        guard matched else { return .failure(.wrongPassword) }
        await upgradeIfNeeded(username: username, stored: stored, normalized: normalized)
        return .success(SignInIdentity(username: username, role: .student, firstName: student.firstName))
    }

    private func checkStaff(username: String, password: String) async throws -> Result<SignInIdentity, SignInFailure> {
        let staff = try await database.staff(username: username)
        let stored = staff?.passwordHash
        let authenticator: any StaffAuthenticator = stored == nil ? (pam ?? local) : local
        let name = staff == nil ? Self.unknownPAMUser : username
        let job: BlockingJob = stored == nil && pam != nil ? .pam : .verify
        let matched = try await pool.run(job) { authenticator.authenticate(username: name, password: password, storedHash: stored) }
        metrics.passwordVerifications.increment()
        guard let staff else { return .failure(.unknownUser) }
        guard staff.active else { return .failure(.disabled) }
        guard stored != nil || pam != nil else { return .failure(.noPassword) }
        guard matched else { return .failure(.wrongPassword) }
        if let stored { await upgradeIfNeeded(username: username, stored: stored, normalized: PasswordPolicy.normalized(password)) }
        return .success(SignInIdentity(username: username, role: PortalRole(staff.role), firstName: staff.firstName))
    }

    /// Stores a new hash when the configured parameters changed since `stored` was made. A busy
    /// pool or a lost race only postpones it to the next sign-in.
    private func upgradeIfNeeded(username: String, stored: String, normalized: String) async {
        let hasher = self.hasher
        guard hasher.needsRehash(stored), let new = try? await pool.run(.hash, { try hasher.hash(normalized) }) else { return }
        try? await database.upgradePasswordHash(username: username, from: stored, to: new, at: clock.now)
    }
}

extension PortalRole {
    init(_ role: Staff.Role) {
        switch role {
        case .teacher: self = .teacher
        case .technician: self = .technician
        case .admin: self = .admin
        }
    }
}
