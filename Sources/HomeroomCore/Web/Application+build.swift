import Crypto
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import ServiceLifecycle

/// Builds the whole server: store, pool, templates, middleware and every flow's routes. Used by
/// `homeroom serve` and by the tests, so tests run the real router.
///
/// Refuses to build (throwing `ConfigError`) when the configuration is bad or PAM is enabled
/// with no service file in `pamDirectory`. `pool` replaces the one the configuration sizes
/// (tests fill a tiny one to check admission control).
public func buildApplication(config: AppConfig, root: ResourceRoot, clock: any AppClock = SystemClock(),
                             logger: Logger = Logger(label: "homeroom"), pamDirectory: String = "/etc/pam.d",
                             pool: BlockingPool? = nil) async throws -> some ApplicationProtocol {
    try config.validate()
    try config.pam.checkServiceFile(directory: pamDirectory)
    let database = try AppDatabase.open(path: config.databasePath, schema: try root.schema())
    let threads = config.blockingThreads > 0 ? config.blockingThreads : ProcessInfo.processInfo.activeProcessorCount
    let pool = pool ?? BlockingPool(threads: threads, queueLimit: config.blockingQueueLimit)
    let hasher = PasswordHasher(parameters: config.hash)
    let catalog = try MessageCatalog(directory: root.messages)
    let renderer = try await Renderer(templatesDirectory: root.templates, catalog: catalog, districtName: config.districtName,
                                      logoURL: config.logoURL)
    let decoyHash = try await pool.run { try hasher.hash(Secrets.randomToken()) }
    let services = AppServices(config: config, database: database, pool: pool, hasher: hasher, clock: clock,
                               renderer: renderer, metrics: AppMetrics(), decoyHash: decoyHash)
    let csrfSecret = try database.secret(named: "csrf_key") { Secrets.randomToken(bytes: 32) }
    let decoyKey = try database.secret(named: "decoy_question_key") { Secrets.randomToken(bytes: 32) }
    let checker = CredentialChecker(
        database: database, pool: pool, hasher: hasher, local: LocalAuthenticator(hasher: hasher, decoyHash: decoyHash),
        pam: config.pam.enabled ? PAMAuthenticator(service: config.pam.service) : nil, clock: clock,
        metrics: services.metrics)
    let sessionStorage = SessionStorage<WebSession>(
        SQLitePersistDriver(database: database, clock: clock),
        configuration: .init(sessionCookieParameters: .init(name: "homeroom_session", secure: config.tlsCookies, sameSite: .lax),
                             keyPrefix: SQLitePersistDriver.keyPrefix))
    let sessions = SignedInSessions(services: services, storage: sessionStorage)

    let router = Router(context: AppRequestContext.self)
    let imageLinks = [config.logoURL] + config.resources.compactMap(\.icon)
    router.add(middleware: SecurityHeadersMiddleware(imageOrigins: SecurityHeadersMiddleware<AppRequestContext>.origins(of: imageLinks)))
    router.add(middleware: LanguageMiddleware(catalog: catalog, fallback: config.defaultLanguage))
    router.add(middleware: ErrorPageMiddleware(renderer: services.renderer))
    router.add(middleware: FileMiddleware(root.staticFiles, urlBasePath: "/static",
                                          cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]), searchForIndexHtml: false))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: Set(config.trustedProxies)))
    router.add(middleware: SessionMiddleware(sessionStorage: sessionStorage,
                                             defaultSessionExpiration: .seconds(Int64(config.flowIdleMinutes * 60))))
    router.add(middleware: FormMiddleware(csrf: CSRF(secret: Data(csrfSecret.utf8)), secureCookies: config.tlsCookies))
    router.add(middleware: RedirectMiddleware())
    OperationsRoutes(services: services).add(to: router)
    Theme(accentColor: config.accentColor.lowercased()).add(to: router)
    LanguageRoutes(secureCookies: config.tlsCookies).add(to: router)
    LoginRoutes(services: services, sessions: sessions, checker: checker).add(to: router)
    ClaimRoutes(services: services).add(to: router)
    RecoveryRoutes(services: services, decoys: DecoyQuestions(key: SymmetricKey(data: Data(decoyKey.utf8)))).add(to: router)
    UsernameLookupRoutes(services: services).add(to: router)
    let access = AdminAccess(sessions: sessions)
    PortalRoutes(services: services, access: access).add(to: router)
    AdminRoutes(services: services, access: access).add(to: router)
    StaffAdminRoutes(services: services, access: access).add(to: router)
    TeacherRoutes(services: services, access: access).add(to: router)

    return Application(
        router: router,
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
        services: [MaintenanceService(database: database, pool: pool, clock: clock,
                                      auditRetention: TimeInterval(config.auditRetentionDays) * 86400, logger: logger)],
        logger: logger)
}

/// Sweeps expired sessions and old throttle rows and prunes the audit table every minute, and
/// shuts the blocking pool down when the server stops.
struct MaintenanceService: Service {
    let database: AppDatabase
    let pool: BlockingPool
    let clock: any AppClock
    let auditRetention: TimeInterval
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await database.sweep(at: clock.now, keepFailuresFor: 7 * 24 * 3600)
                try await database.pruneAudit(before: clock.now.addingTimeInterval(-auditRetention))
            } catch {
                logger.error("sweep failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(60)) }
        }
        try await pool.shutdown()
    }
}
