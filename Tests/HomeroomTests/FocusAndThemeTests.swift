import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// Focus goes to the first problem when a form comes back.
@Suite struct FirstErrorFocusTests {
    /// The ids of the elements that carry `autofocus`, in page order.
    func focused(_ html: String) -> [String] {
        html.components(separatedBy: "<").filter { $0.contains(" autofocus") }.compactMap { tag in
            tag.range(of: #"id="[^"]+""#, options: .regularExpression).map { String(tag[$0].dropFirst(4).dropLast()) }
        }
    }

    @Test func fixedClaimFailureFocusesTheLastName() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startClaim(last: "Nobody", first: "Here", id: "9999999")
            #expect(focused(page.text) == ["last_name"])
        }
    }

    @Test func onlyTheStudentIDWrongFocusesTheStudentID() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startClaim(last: "Núñez", first: "José", id: "12")
            #expect(focused(page.text).first == "student_id")
        }
    }

    @Test func firstOfSeveralFieldProblemsGetsTheFocus() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.startClaim(last: "Núñez", first: "", id: "12")
            #expect(focused(page.text).first == "first_name")
        }
    }

    @Test func refusedPasswordFocusesThePassword() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            let page = try await browser.choosePassword("short")
            #expect(focused(page.text) == ["password"])
        }
    }

    @Test func tooFewAnswersFocusesTheFirstQuestion() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            try await browser.choosePassword("correct horse battery")
            let page = try await browser.post("/claim/questions", [("answer_birth_month", "5")])
            #expect(focused(page.text) == ["answer_birth_month"])
        }
    }

    @Test func badAnswerFocusesItsQuestion() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            try await browser.choosePassword("correct horse battery")
            let page = try await browser.post("/claim/questions", [("answer_birth_month", "5"), ("answer_birth_year", "20")])
            #expect(focused(page.text).first == "answer_birth_year")
        }
    }

    @Test func wrongResetAnswersFocusTheFirstQuestion() async throws {
        try await withApp { client, database in
            try await database.claimForTest()
            var browser = Browser(client)
            let form = try await browser.startReset("s0012345")
            let fields = answerFields(form.text)
            let page = try await browser.post("/forgot-password/answers", wellFormedAnswers(fields))
            #expect(focused(page.text) == [fields[0]])
        }
    }

    @Test func emptyUsernameFocusesTheUsername() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/")
            let page = try await browser.post("/login", [("username", " ")])
            #expect(focused(page.text) == ["username"])
        }
    }
}

/// The district's accent colour: served as a stylesheet, and refused when white text on it is unreadable.
@Suite struct AccentColourTests {
    @Test func themeStylesheetCarriesTheConfiguredAccent() async throws {
        var config = testConfig()
        config.accentColor = "#7A1F2B"
        try await withApp(config) { client, _ in
            var browser = Browser(client)
            let css = try await browser.get("/theme.css")
            #expect(css.text.contains("--accent: #7a1f2b;"))
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
        }
    }

    @Test func layoutLinksTheThemeStylesheet() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.text.contains(#"<link rel="stylesheet" href="/theme.css">"#))
        }
    }

    @Test func tooLightAccentIsRefusedNamingTheSetting() {
        var config = AppConfig()
        config.accentColor = "#ffd700"
        #expect { try config.validate() } throws: { ($0 as? ConfigError)?.setting == "accentColor" }
    }

    @Test func accentThatIsNotAColourIsRefused() {
        var config = AppConfig()
        config.accentColor = "blue; background: url(x)"
        #expect { try config.validate() } throws: { ($0 as? ConfigError)?.setting == "accentColor" }
    }

    @Test func defaultAccentPassesTheContrastCheck() throws {
        try AppConfig().validate()
    }
}
