import Foundation
@testable import HomeroomCore
@testable import HomeroomWeb
import Testing

/// Choosing a page's language from `Accept-Language` (no HTTP).
@Suite struct LanguageNegotiationTests {
    @Test func mexicanSpanishFirstPicksSpanish() {
        #expect(Language.preferred(by: "es-MX,es;q=0.9,en;q=0.8") == .es)
    }

    @Test func englishFirstPicksEnglish() {
        #expect(Language.preferred(by: "en-US,en;q=0.9,es;q=0.8") == .en)
    }

    @Test func higherQualityWinsOverOrder() {
        #expect(Language.preferred(by: "en;q=0.3, es;q=0.7") == .es)
    }

    @Test func unsupportedLanguagesAreSkipped() {
        #expect(Language.preferred(by: "fr-FR, de;q=0.9, es;q=0.5") == .es)
    }

    @Test func onlyUnsupportedLanguagesGiveNone() {
        #expect(Language.preferred(by: "fr, de") == nil)
    }

    @Test func qualityZeroIsARefusal() {
        #expect(Language.preferred(by: "es;q=0") == nil)
    }

    @Test func garbageGivesNone() {
        #expect(Language.preferred(by: ";;,,q=;") == nil)
    }
}

/// The switch's `back` parameter only ever leads to a page of this server.
@Suite struct LanguageSwitchBackTests {
    @Test func localPathIsKept() {
        #expect(LanguageRoutes.safeBack("/claim/password") == "/claim/password")
    }

    @Test func protocolRelativeURLGoesHome() {
        #expect(LanguageRoutes.safeBack("//evil.example/") == "/")
    }

    @Test func absoluteURLGoesHome() {
        #expect(LanguageRoutes.safeBack("https://evil.example/") == "/")
    }

    @Test func backslashTrickGoesHome() {
        #expect(LanguageRoutes.safeBack("/\\evil.example") == "/")
    }

    @Test func missingBackGoesHome() {
        #expect(LanguageRoutes.safeBack(nil) == "/")
    }
}

/// Where the switch on a page answering a POST goes back to, and placeholders filled safely.
@Suite struct LanguageSwitchAfterPostTests {
    @Test func usernameFormGoesBackToTheLandingPage() {
        #expect(LanguageRoutes.page(afterPosting: "/login") == "/")
    }

    @Test func staffChangeGoesBackToTheStaffPage() {
        #expect(LanguageRoutes.page(afterPosting: "/admin/staff/ana/role") == "/admin/staff")
    }

    @Test func studentActionGoesBackToTheStudent() {
        #expect(LanguageRoutes.page(afterPosting: "/admin/students/1234567/reset") == "/admin/students/1234567")
    }

    @Test func formWithItsOwnPageStaysThere() {
        #expect(LanguageRoutes.page(afterPosting: "/claim/password") == "/claim/password")
    }

    @Test func valueWithBracesIsNotReadAsAPlaceholder() throws {
        let t = try MessageCatalog(directory: packageRoot.messages)[.en]
        let text = t.format("admin.action.question", ["action": "Unlock", "name": "{action} Lee"])
        #expect(text == "Unlock for {action} Lee?")
    }
}
