import Foundation
import HomeroomCore
import Hummingbird
import HummingbirdAuth
import Logging
import ServiceLifecycle

/// Builds the whole server: store, pool, templates, middleware and every flow's routes. Used by
/// `homeroom serve` and by the tests, so tests run the real router.
///
/// Refuses to build (throwing `ConfigError`) when the configuration is bad or PAM is enabled
/// with no service file in `pamDirectory`. `pool` replaces the one the configuration sizes
/// (tests fill a tiny one to check admission control); `metrics` lets tests read the counters.
public func buildApplication(config: AppConfig, root: ResourceRoot, clock: any AppClock = SystemClock(),
                             logger: Logger = Logger(label: "homeroom"), pamDirectory: String = "/etc/pam.d",
                             pool: BlockingPool? = nil, metrics: AppMetrics = AppMetrics()) async throws -> some ApplicationProtocol {
    try config.validate()
    try config.pam.checkServiceFile(directory: pamDirectory)
    umask(0o077)  // whatever the server writes is its own
    let database = try await StoreOpening.open(config, root: root, logger: logger)
    let pool = pool ?? BlockingPool(threads: config.blockingThreads > 0 ? config.blockingThreads : ProcessInfo.processInfo.activeProcessorCount,
                                    queueLimit: config.blockingQueueLimit, observer: metrics)
    let core = try await CoreServices(config: config, database: database, pool: pool, clock: clock, metrics: metrics, logger: logger)
    let catalog = try MessageCatalog(directory: root.messages)
    let renderer = try await Renderer(templatesDirectory: root.templates, catalog: catalog, districtName: config.districtName,
                                      logoURL: config.logoURL)
    let services = AppServices(core: core, renderer: renderer)
    let csrfSecret = try await database.secret(named: "csrf_key") { Secrets.randomToken(bytes: 32) }
    let sessionStorage = SessionStorage<WebSession>(
        StorePersistDriver(database: database, clock: clock),
        configuration: .init(sessionCookieParameters: .init(name: "homeroom_session", secure: config.tlsCookies, sameSite: .lax),
                             keyPrefix: StorePersistDriver.keyPrefix))
    let sessions = SignedInSessions(services: services, storage: sessionStorage)
    let signIn = SignInOperations(core: core, pam: config.pam.enabled ? PAMAuthenticator(service: config.pam.service) : nil)

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics.connections))
    let imageLinks = [config.logoURL] + config.resources.compactMap(\.icon)
    router.add(middleware: SecurityHeadersMiddleware(imageOrigins: SecurityHeadersMiddleware<AppRequestContext>.origins(of: imageLinks)))
    router.add(middleware: LanguageMiddleware(catalog: catalog, fallback: config.defaultLanguage))
    router.add(middleware: ErrorPageMiddleware(renderer: renderer))
    router.add(middleware: FileMiddleware(root.staticFiles, urlBasePath: "/static",
                                          cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]), searchForIndexHtml: false))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: Set(config.trustedProxies)))
    router.add(middleware: SessionMiddleware(sessionStorage: sessionStorage,
                                             defaultSessionExpiration: .seconds(Int64(config.flowIdleMinutes * 60))))
    router.add(middleware: FormMiddleware(csrf: CSRF(secret: Data(csrfSecret.utf8)), secureCookies: config.tlsCookies))
    router.add(middleware: RedirectMiddleware())
    HealthRoutes(database: database).add(to: router)
    Theme(accentColor: config.accentColor.lowercased()).add(to: router)
    LanguageRoutes(secureCookies: config.tlsCookies).add(to: router)
    LoginRoutes(services: services, sessions: sessions, signIn: signIn).add(to: router)
    ClaimRoutes(services: services, claim: ClaimOperations(core: core)).add(to: router)
    RecoveryRoutes(services: services, recovery: try await RecoveryOperations(core: core)).add(to: router)
    let codes = CodeOperations(core: core), badges = BadgeOperations(core: core)
    CodeRoutes(services: services, codes: codes).add(to: router)
    UsernameLookupRoutes(services: services, lookup: UsernameLookup(core: core)).add(to: router)
    let sso = try await SingleSignOn(core: core)
    let access = AdminAccess(sessions: sessions)
    let administration = AccountAdministration(core: core)
    PortalRoutes(services: services, access: access, sso: sso).add(to: router)
    let studentActions = StudentActionTools(administration: administration, codes: codes, badges: badges)
    AdminRoutes(services: services, access: access, tools: studentActions).add(to: router)
    StaffAdminRoutes(services: services, access: access, administration: administration).add(to: router)
    LockAdminRoutes(services: services, access: access, administration: administration).add(to: router)
    TeacherRoutes(services: services, access: access, tools: studentActions).add(to: router)
    PrintRoutes(services: services, access: access, codes: codes, badges: badges).add(to: router)
    BadgeRoutes(services: services, sessions: sessions, badges: badges).add(to: router)
    AppAdminRoutes(services: services, access: access, clients: ClientAdministration(core: core)).add(to: router)
    DiscoveryRoutes(sso: sso).add(to: router)
    let authorize = AuthorizeRoutes(services: services, sessions: sessions, sso: sso)
    authorize.add(to: router)
    ConsentRoutes(services: services, sessions: sessions, sso: sso, authorize: authorize).add(to: router)
    TokenRoutes(sso: sso).add(to: router)
    LogoutRoutes(services: services, sessions: sessions, sso: sso, signIn: signIn).add(to: router)

    var lifecycle: [any Service] = [
        MaintenanceService(database: database, pool: pool, clock: clock, keys: sso.keys,
                           auditRetention: TimeInterval(config.auditRetentionDays) * 86400, logger: logger),
        BackChannelLogoutService(sso: sso, logger: logger)]
    if config.management.enabled {
        lifecycle.append(ManagementListener.application(core: core, settings: config.management, logger: logger))
    }
    let cap = ConnectionCap.effectiveLimit(configured: config.connections.maxConnections)
    if cap.limit < config.connections.maxConnections {
        logger.warning("connections.maxConnections lowered to \(cap.limit): this process may open only \(cap.fileLimit) files")
    }
    return Application(
        router: router,
        server: .guardedHTTP1(config.connections, metrics: metrics.connections),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil, backlog: 1024,
                             availableConnectionsDelegate: ConnectionCap(limit: cap.limit, metrics: metrics.connections, logger: logger)),
        services: lifecycle,
        logger: logger)
}
