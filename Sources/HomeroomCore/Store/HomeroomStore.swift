import Foundation

// The store's contract: every method is one whole transaction that keeps its rules. Two
// implementations keep it: `AppDatabase` (SQLite, embedded) and `PostgresStore` (several nodes on
// one PostgreSQL). What each method does is said where `AppDatabase` implements it.

/// The whole store, as the server and the commands use it.
public protocol HomeroomStore: RosterStore, SessionStore, SignInStore, ThrottleStore, ClaimStore, RecoveryStore, CodeStore, BadgeStore, StaffStore, AdminStore, AuditStore, SingleSignOnStore, ServerStore {}

/// Browser sessions (HummingbirdAuth's persist driver), keyed by the SHA-256 of the cookie.
public protocol SessionStore: Sendable {
    func sessionValue(key: String, at now: Date) async throws -> (value: Data, expiresAt: Date?)?
    func putSession(key: String, value: Data, expiresAt: Date?, username: String?, onlyIfNew: Bool) async throws -> Bool
    func deleteSession(key: String) async throws
}

/// The account guard: counted sign-in attempts, locks, the session epoch, password rehashes.
public protocol SignInStore: Sendable {
    func beginSignIn(username: String, address: ThrottleKey?, rules: SignInThrottle, at now: Date) async throws -> SignInGate
    func signInSucceeded(_ ticket: SignInTicket, audit: AuditEvent?, endingSession: String?) async throws -> Int
    func signInSucceeded(forgiving ticket: AttemptTicket, username: String, audit: AuditEvent,
              endingSession: String?) async throws -> Int
    func signInAbandoned(_ ticket: SignInTicket) async throws
    func signInFailures(username: String) async throws -> (count: Int, locked: Bool)
    func unlockAccount(username: String, audit: AuditEvent) async throws
    func sessionEpoch(username: String) async throws -> Int
    func endSessions(username: String, audit: AuditEvent) async throws
    func upgradePasswordHash(username: String, from old: String, to new: String, at now: Date) async throws
}

/// The throttles: failed attempts counted per key, the locks they set, the sweep of old ones.
public protocol ThrottleStore: Sendable {
    func throttleLocks(at now: Date) async throws -> [ThrottleLock]
    func liftThrottleLock(scope: ThrottleScope, key: String, at now: Date, audit: AuditEvent) async throws -> Bool
    func rosterAttempt<Value: Sendable, Failure: Error & Sendable>(studentID: String, keys: [ThrottleKey],
              dailyLimit: DailyLimit?, at now: Date, decide: @escaping @Sendable (Student?) -> Result<Value, Failure>, audit: @escaping @Sendable (RosterAttempt<Value, Failure>) -> AuditEvent) async throws -> RosterAttempt<Value, Failure>
    func beginAttempt(_ keys: [ThrottleKey], at now: Date) async throws -> ThrottleDecision
    func forgive(_ ticket: AttemptTicket) async throws
    func sweep(at now: Date, keepFailuresFor seconds: TimeInterval) async throws
}

/// Students and their claim: the roster record, challenge answers, the claim itself.
public protocol ClaimStore: Sendable {
    func student(id: String) async throws -> Student?
    func answers(studentID: String) async throws -> [ChallengeAnswer]
    func completeClaim(studentID: String, passwordHash: String, answers: [ChallengeAnswer], at now: Date,
              audit: AuditEvent?) async throws -> Bool
    func audit(_ event: AuditEvent) async throws
    func auditEvents(subject: String?, limit: Int) async throws -> [AuditEvent]
    func unclaimedStudents(count: Int) async throws -> [Student]
}

/// Self-service resets: counted attempts, the new password, new answers.
public protocol RecoveryStore: Sendable {
    func beginReset(username: String, address: [ThrottleKey], maxFailures: Int, lockFor: TimeInterval,
              at now: Date) async throws -> ResetGate
    func resetAnswersChecked(_ ticket: ResetTicket, matched: Bool, audit: AuditEvent) async throws
    func resetAbandoned(_ ticket: ResetTicket) async throws
    func resetFailures(username: String) async throws -> (count: Int, lockedUntil: Date?)
    func completeReset(studentID: String, passwordHash: String, at now: Date, audit: AuditEvent) async throws -> Bool
    func replaceAnswers(studentID: String, answers: [ChallengeAnswer], audit: AuditEvent) async throws -> Bool
}

/// One-time claim and reset codes handed out on paper.
public protocol CodeStore: Sendable {
    func issueCodes(_ codes: [String: String], scope: StudentScope, at now: Date, expiresAt: Date,
              audit: @Sendable (IssuedCode) -> AuditEvent) async throws -> [IssuedCode]
    func revokeCodes(_ studentIDs: [String], scope: StudentScope,
              audit: @Sendable (String) -> AuditEvent) async throws -> [String]
    func redeemCode(hash codeHash: String, kind: CodeKind, at now: Date,
              audit: @Sendable (Student) -> AuditEvent) async throws -> Student?
    func pendingCode(studentID: String) async throws -> (kind: CodeKind, expiresAt: Date)?
    func activeStudentIDs(school: String, grade: String) async throws -> [String]
}

/// QR badges for the youngest students.
public protocol BadgeStore: Sendable {
    func issueBadges(_ credentials: [String: BadgeCredential], scope: StudentScope, grades: Set<String>, at now: Date,
              audit: @Sendable (Student) -> AuditEvent) async throws -> [IssuedBadge]
    func revokeBadge(studentID: String, scope: StudentScope, audit: @Sendable (Student) -> AuditEvent) async throws -> Bool
    func badgeHolder(secretHash: String?, shortHash: String?) async throws -> Student?
    func studentsWithBadges(_ studentIDs: [String]) async throws -> Set<String>
    func studentsWithCodes(_ studentIDs: [String]) async throws -> Set<String>
}

/// Staff accounts.
public protocol StaffStore: Sendable {
    func staff(username: String) async throws -> Staff?
    func addStaff(_ staff: Staff, audit: AuditEvent) async throws
    func allStaff() async throws -> [Staff]
    func accountExists(username: String) async throws -> Bool
    func removeStaff(username: String, audit: AuditEvent) async throws -> Bool
    func setStaffRole(username: String, role: Staff.Role, at now: Date, audit: AuditEvent) async throws -> Bool
}

/// What the technician console and the teacher view read and change.
public protocol AdminStore: Sendable {
    func studentOverview(id: String) async throws -> StudentOverview?
    func resetClaim(studentID: String, at now: Date, audit: AuditEvent) async throws -> Bool
    func resetAllStudents(at now: Date, audit: @Sendable (_ claimed: Int,
              _ total: Int) -> AuditEvent) async throws -> (claimed: Int, total: Int)
    func claimStats() async throws -> [ClaimStat]
    func homeroom(teacher: String) async throws -> [StudentOverview]
    func gauges(at now: Date, countingStudents: Bool) async throws -> StoreGauges
    func searchStudents(_ query: String, limit: Int) async throws -> [StudentOverview]
}

/// The audit log.
public protocol AuditStore: Sendable {
    func auditLog(user: String?, since: Date?, limit: Int) async throws -> [AuditEvent]
    func auditEvents(student id: String, limit: Int) async throws -> [AuditEvent]
    func lastRosterImport() async throws -> AuditEvent?
    func pruneAudit(before cutoff: Date) async throws -> Int
}

/// Single sign-on: registered apps, subjects, consents, codes and tokens, back-channel logouts, signing keys.
public protocol SingleSignOnStore: Sendable {
    func addClient(_ client: OIDCClient, at now: Date, audit: AuditEvent) async throws
    func client(id: String) async throws -> OIDCClient?
    func allClients() async throws -> [OIDCClient]
    func removeClient(id: String, audit: AuditEvent) async throws -> Bool
    func setClientSecret(id: String, secretHash: String, at now: Date, audit: AuditEvent) async throws -> Bool
    func subject(of username: String) async throws -> String
    func consentedScopes(username: String, clientID: String) async throws -> [String]?
    func grantConsent(username: String, clientID: String, scopes: [String], at now: Date, audit: AuditEvent) async throws
    func consents(username: String) async throws -> [Consent]
    func withdrawConsent(username: String, clientID: String, at now: Date, audit: AuditEvent) async throws -> Bool
    func putPending(idHash: String, request text: String, expiresAt: Date) async throws
    func pending(idHash: String, at now: Date) async throws -> String?
    func dropPending(idHash: String) async throws
    func issueCode(hash: String, grant: Grant, expiresAt: Date, audit: AuditEvent) async throws
    func redeemCode<Failure: Error & Sendable>(hash: String, clientID: String, at now: Date,
              issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>) async throws -> Redemption<Failure>
    func rotateRefreshToken<Failure: Error & Sendable>(hash: String, clientID: String, at now: Date,
              issue: @escaping @Sendable (Grant) -> Result<NewTokens, Failure>) async throws -> Redemption<Failure>
    func accessGrant(hash: String, at now: Date) async throws -> Grant?
    func revokeToken(hash: String, clientID: String, at now: Date) async throws
    func isRevoked(tokenHash: String) async throws -> Bool
    func queueLogouts(sessionID: String, at now: Date) async throws
    func dueLogouts(at now: Date, limit: Int) async throws -> [PendingLogout]
    func logoutAttempted(id: Int64, retryAt: Date?) async throws
    func signingKeys() async throws -> [SigningKeyRecord]
    func addSigningKey(_ key: SigningKeyRecord, onlyIfNone: Bool, audit: AuditEvent?) async throws -> Bool
    func dropSigningKeys(retiredBefore cutoff: Date) async throws
}

/// The database itself: its schema version, whether it answers, and the server's secrets.
public protocol ServerStore: Sendable {
    func schemaVersion() async throws -> Int
    func isReachable() async -> Bool
    func secret(named key: String, make: @Sendable () -> String) async throws -> String
    /// Closes the store's connections (PostgreSQL's pool; SQLite's close with its last reference).
    func close() async
}

/// The roster import.
public protocol RosterStore: Sendable {
    /// Imports the roster `feed` reads, all or nothing (see `AppDatabase.importRoster`). Waiting
    /// for the feed and SQLite's writing block: they run on `pool`, never on an event loop or
    /// Swift's cooperative threads. The feed is cancelled whatever happens.
    func importRoster(_ feed: RosterReadAhead, deactivateMissing: Bool, deactivating: [String], teachers: [Staff],
                      keepingUnsaid: Bool, dryRun: Bool, at now: Date, pool: BlockingPool,
                      audit: @escaping @Sendable (ImportCounts) -> AuditEvent) async throws -> ImportCounts
}

// The arguments callers usually leave out, as `AppDatabase` defaults them.

extension SessionStore {
    public func putSession(key: String, value: Data, expiresAt: Date?, username: String?) async throws -> Bool {
        try await putSession(key: key, value: value, expiresAt: expiresAt, username: username, onlyIfNew: false)
    }
}

extension SignInStore {
    public func beginSignIn(username: String, rules: SignInThrottle, at now: Date) async throws -> SignInGate {
        try await beginSignIn(username: username, address: nil, rules: rules, at: now)
    }

    public func signInSucceeded(_ ticket: SignInTicket, audit: AuditEvent? = nil) async throws -> Int {
        try await signInSucceeded(ticket, audit: audit, endingSession: nil)
    }
}

extension ClaimStore {
    public func completeClaim(studentID: String, passwordHash: String, answers: [ChallengeAnswer], at now: Date) async throws -> Bool {
        try await completeClaim(studentID: studentID, passwordHash: passwordHash, answers: answers, at: now, audit: nil)
    }

    public func auditEvents(subject: String? = nil) async throws -> [AuditEvent] {
        try await auditEvents(subject: subject, limit: 100)
    }
}

extension AuditStore {
    public func auditEvents(student id: String) async throws -> [AuditEvent] {
        try await auditEvents(student: id, limit: 20)
    }

    public func auditLog(user: String? = nil, since: Date? = nil) async throws -> [AuditEvent] {
        try await auditLog(user: user, since: since, limit: 1_000_000)
    }
}

extension RecoveryStore {
    public func beginReset(username: String, maxFailures: Int, lockFor: TimeInterval, at now: Date) async throws -> ResetGate {
        try await beginReset(username: username, address: [], maxFailures: maxFailures, lockFor: lockFor, at: now)
    }
}

extension AdminStore {
    public func searchStudents(_ query: String) async throws -> [StudentOverview] {
        try await searchStudents(query, limit: 50)
    }

    public func gauges(at now: Date) async throws -> StoreGauges {
        try await gauges(at: now, countingStudents: true)
    }
}

extension SingleSignOnStore {
    public func dueLogouts(at now: Date) async throws -> [PendingLogout] {
        try await dueLogouts(at: now, limit: 50)
    }

    public func addSigningKey(_ key: SigningKeyRecord, onlyIfNone: Bool = false) async throws -> Bool {
        try await addSigningKey(key, onlyIfNone: onlyIfNone, audit: nil)
    }
}

extension ThrottleStore {
    public func rosterAttempt<Value: Sendable, Failure: Error & Sendable>(
        studentID: String, keys: [ThrottleKey], at now: Date,
        decide: @escaping @Sendable (Student?) -> Result<Value, Failure>,
        audit: @escaping @Sendable (RosterAttempt<Value, Failure>) -> AuditEvent
    ) async throws -> RosterAttempt<Value, Failure> {
        try await rosterAttempt(studentID: studentID, keys: keys, dailyLimit: nil, at: now, decide: decide, audit: audit)
    }
}

extension AppDatabase: HomeroomStore {}
