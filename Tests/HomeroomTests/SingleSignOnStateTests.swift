import Foundation
import Testing
@testable import HomeroomCore

/// The pure parts of single sign-on: PKCE, the authorization request's checks, who an app
/// admits, and which claims a scope gives.
@Suite struct SingleSignOnStateTests {
    static let redirect = "https://app.example.org/callback"
    let confidential = OIDCClient(clientID: "canvas", name: "Canvas", secretHash: String(repeating: "a", count: 64),
                                  settings: .init(redirectURIs: [redirect]))
    var publicClient: OIDCClient { OIDCClient(clientID: "reader", name: "Reader", secretHash: nil, settings: .init(redirectURIs: [Self.redirect])) }
    static let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"

    func parameters(_ extra: [String: [String]] = [:], without: [String] = []) -> [String: [String]] {
        var all: [String: [String]] = ["client_id": ["canvas"], "redirect_uri": [Self.redirect], "response_type": ["code"],
                                       "scope": ["openid profile"], "state": ["s"], "code_challenge": [Self.challenge],
                                       "code_challenge_method": ["S256"]]
        for name in without { all[name] = nil }
        return all.merging(extra) { $1 }
    }

    func refusal(_ parameters: [String: [String]], client: OIDCClient? = nil) -> AuthorizationRequest.Refusal? {
        if case .failure(let refusal) = AuthorizationRequest.parse(parameters, client: client ?? confidential) { return refusal }
        return nil
    }

    func code(_ refusal: AuthorizationRequest.Refusal?) -> String? {
        if case .redirect(let error, _, _) = refusal { return error.code }
        return nil
    }

    @Test func pkceAcceptsTheVerifierOfRFC7636sExample() {
        #expect(PKCE.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", challenge: Self.challenge))
    }

    @Test func pkceRefusesAnotherVerifier() {
        #expect(!PKCE.verify("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXX", challenge: Self.challenge))
    }

    @Test func pkceRefusesAShortVerifier() {
        #expect(!PKCE.isWellFormed("short"))
    }

    @Test func aWellFormedRequestIsAccepted() throws {
        let request = try AuthorizationRequest.parse(parameters(), client: confidential).get()
        #expect(request.scopes == ["openid", "profile"] && request.state == "s" && request.codeChallenge == Self.challenge)
    }

    @Test func anUnknownClientIsAPage() {
        #expect(refusal(parameters(["client_id": ["other"]])) == .page(Message("sso.unknownClient")))
    }

    @Test func anUnregisteredRedirectURIIsAPage() {
        #expect(refusal(parameters(["redirect_uri": ["https://app.example.org/callback/"]])) == .page(Message("sso.badRedirect")))
    }

    @Test func aRepeatedRedirectURIIsAPage() {
        #expect(refusal(parameters(["redirect_uri": [Self.redirect, Self.redirect]])) == .page(Message("sso.badRedirect")))
    }

    @Test func aRepeatedParameterIsAnInvalidRequest() {
        #expect(code(refusal(parameters(["scope": ["openid", "openid"]]))) == "invalid_request")
    }

    @Test func aMissingResponseTypeIsAnInvalidRequest() {
        #expect(code(refusal(parameters(without: ["response_type"]))) == "invalid_request")
    }

    @Test func theImplicitFlowIsAnUnsupportedResponseType() {
        #expect(code(refusal(parameters(["response_type": ["id_token token"]]))) == "unsupported_response_type")
    }

    @Test func withoutOpenIDTheScopeIsInvalid() {
        #expect(code(refusal(parameters(["scope": ["profile"]]))) == "invalid_scope")
    }

    @Test func aRequestObjectIsNotSupported() {
        #expect(code(refusal(parameters(["request": ["x"]]))) == "request_not_supported")
    }

    @Test func plainPKCEIsRefused() {
        #expect(code(refusal(parameters(["code_challenge_method": ["plain"]]))) == "invalid_request")
    }

    @Test func aPublicClientMustSendPKCE() {
        #expect(code(refusal(parameters(["client_id": ["reader"]], without: ["code_challenge", "code_challenge_method"]),
                             client: publicClient)) == "invalid_request")
    }

    @Test func aConfidentialClientMustSendPKCEUnlessOptional() {
        #expect(code(refusal(parameters(without: ["code_challenge", "code_challenge_method"]))) == "invalid_request")
    }

    @Test func aConfidentialClientWithOptionalPKCEMaySendNone() {
        var canvas = confidential
        canvas.settings.pkceOptional = true
        #expect(refusal(parameters(without: ["code_challenge", "code_challenge_method"]), client: canvas) == nil)
    }

    @Test func promptNoneCannotBeCombined() {
        #expect(code(refusal(parameters(["prompt": ["none login"]]))) == "invalid_request")
    }

    @Test func maxAgeMustBeANumber() {
        #expect(code(refusal(parameters(["max_age": ["soon"]]))) == "invalid_request")
    }

    @Test func maxAgeAsksForARecentSignIn() throws {
        let request = try AuthorizationRequest.parse(parameters(["max_age": ["60"]]), client: confidential).get()
        let now = Date()
        #expect(request.accepts(authTime: now - 30, now: now) && !request.accepts(authTime: now - 61, now: now))
    }

    @Test func redirectURIsAreHTTPSOrLoopbackHTTP() {
        #expect(OIDCClient.Settings.isRedirectURI("https://app.example.org/cb") && OIDCClient.Settings.isRedirectURI("http://127.0.0.1:9/cb"))
        #expect(!OIDCClient.Settings.isRedirectURI("http://app.example.org/cb") && !OIDCClient.Settings.isRedirectURI("https://a.org/cb#x"))
    }

    let student = Person(username: "s1234567", role: .student, givenName: "José", familyName: "Núñez", school: "Riverdale High", grade: "09")

    @Test func anAppLimitedToSchoolsAndGradesAdmitsOnlyThem() {
        var client = confidential
        client.settings.schools = ["Riverdale High"]
        client.settings.grades = ["09"]
        #expect(client.admits(student))
        client.settings.grades = ["10"]
        #expect(!client.admits(student))
    }

    @Test func anAppLimitedToStaffRolesRefusesAStudent() {
        var client = confidential
        client.settings.roles = [.teacher]
        #expect(!client.admits(student))
    }

    @Test func openIDAloneGivesNoPersonalClaims() {
        #expect(PersonClaims.of(student, scopes: ["openid"], settings: SingleSignOnSettings(), locale: .en) == PersonClaims())
    }

    @Test func theEmailScopeGivesTheStudentAddressAtTheConfiguredDomain() {
        var settings = SingleSignOnSettings()
        settings.studentEmailDomain = "students.example.org"
        let claims = PersonClaims.of(student, scopes: ["openid", "email"], settings: settings, locale: .en)
        #expect(claims.email == "s1234567@students.example.org" && claims.emailVerified == false && claims.name == nil)
    }

    @Test func theRolesScopeGivesRoleSchoolAndGrade() {
        let claims = PersonClaims.of(student, scopes: ["openid", "roles"], settings: SingleSignOnSettings(), locale: .en)
        #expect(claims.role == "student" && claims.school == "Riverdale High" && claims.grade == "09" && claims.email == nil)
    }

    @Test func theProfileScopeGivesNamesAndTheUsername() {
        let claims = PersonClaims.of(student, scopes: ["openid", "profile"], settings: SingleSignOnSettings(), locale: .es)
        #expect(claims.name == "José Núñez" && claims.preferredUsername == "s1234567" && claims.locale == "es")
    }

    @Test func atHashIsTheLeftHalfOfTheTokensSHA256() {
        // OpenID Connect Core §3.1.3.6, checked against Python's hashlib for this token.
        #expect(IDTokenPayload.accessTokenHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y") == "77QmUPtjPfzWtF2AnpK9RQ")
    }
}

/// A staff member's email claim: their stored address, else the staff domain's.
@Suite struct StaffEmailClaimTests {
    func teacher(email: String?) -> Person {
        Person(username: "arivera", role: .teacher, givenName: "Ana", familyName: "Rivera", school: nil, grade: nil, email: email)
    }

    @Test func aStoredAddressWins() {
        var settings = SingleSignOnSettings()
        settings.staffEmailDomain = "staff.example.org"
        #expect(PersonClaims.of(teacher(email: "ana.rivera@example.org"), scopes: ["openid", "email"], settings: settings, locale: .en).email
                == "ana.rivera@example.org")
    }

    @Test func withoutOneTheStaffDomainIsUsed() {
        var settings = SingleSignOnSettings()
        settings.staffEmailDomain = "staff.example.org"
        #expect(PersonClaims.of(teacher(email: nil), scopes: ["openid", "email"], settings: settings, locale: .en).email == "arivera@staff.example.org")
    }

    @Test func anAddressMustHaveADomain() {
        #expect(Staff.isValidEmail("ana@example.org") && !Staff.isValidEmail("ana@example") && !Staff.isValidEmail("ana example.org"))
    }
}
