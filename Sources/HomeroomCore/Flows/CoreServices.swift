import Foundation
import Logging

/// What every flow's operations use, built once at start: by `buildApplication` for the portal,
/// and by the commands that change accounts, so both apply the configured rules.
public struct CoreServices: Sendable {
    public let config: AppConfig
    public let database: any HomeroomStore
    public let pool: BlockingPool
    public let hasher: PasswordHasher
    public let clock: any AppClock
    public let metrics: AppMetrics
    public let logger: Logger
    /// An Argon2id hash of a random secret at the configured parameters: what an account that
    /// does not exist is verified against, so that it takes as long as one that does.
    public let decoyHash: String
    /// Signs and checks the device cookies of known browsers (its key is made at first start).
    public let deviceCookies: DeviceCookies

    /// Makes the decoy hash on `pool`: one hash at the configured parameters.
    public init(config: AppConfig, database: any HomeroomStore, pool: BlockingPool, clock: any AppClock = SystemClock(),
                metrics: AppMetrics = AppMetrics(), logger: Logger = Logger(label: "homeroom")) async throws {
        let hasher = PasswordHasher(parameters: config.hash)
        self.config = config
        self.database = database
        self.pool = pool
        self.hasher = hasher
        self.clock = clock
        self.metrics = metrics
        self.logger = logger
        deviceCookies = DeviceCookies(secret: Data(try await database.secret(named: "device_key") { Secrets.randomToken(bytes: 32) }.utf8))
        decoyHash = try await pool.run(.hash) { try hasher.hash(Secrets.randomToken()) }
    }

    public var now: Date { clock.now }

    /// The configured password rules.
    public var passwordPolicy: PasswordPolicy { PasswordPolicy(rules: config.password) }

    /// How long a flow left idle stays resumable, in seconds.
    public var flowIdle: TimeInterval { TimeInterval(config.flowIdleMinutes * 60) }

    /// The Argon2id hash of a new password (normalised first), made on the blocking pool.
    public func hashPassword(_ password: String) async throws -> String {
        let hasher = self.hasher, normalized = PasswordPolicy.normalized(password)
        return try await pool.run(.hash) { try hasher.hash(normalized) }
    }

    /// The audit event of something `actor` did now.
    public func event(_ action: AuditAction, by actor: Actor, subject: String?, outcome: AuditEvent.Outcome,
                      reason: String? = nil) -> AuditEvent {
        AuditEvent(at: now, by: actor, action: action, subject: subject, outcome: outcome, reason: reason)
    }

    /// Writes an event on its own; a failure to audit is logged, never shown to the student.
    public func audit(_ action: AuditAction, by actor: Actor, subject: String?, outcome: AuditEvent.Outcome,
                      reason: String? = nil) async {
        do {
            try await database.audit(event(action, by: actor, subject: subject, outcome: outcome, reason: reason))
        } catch {
            logger.error("audit write failed", metadata: ["action": "\(action.rawValue)", "error": "\(error)"])
        }
    }
}
