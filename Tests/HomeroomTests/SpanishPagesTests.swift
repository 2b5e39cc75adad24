import Foundation
import HomeroomCore
import HomeroomWeb
import Hummingbird
import HummingbirdTesting
import Testing

/// Pages in the reader's language: `Accept-Language`, the visible switch, `<html lang>`, and
/// Swift-side messages (field problems, questions) said in Spanish.
@Suite struct SpanishPagesTests {
    func spanish(_ client: any TestClientProtocol) -> Browser {
        var browser = Browser(client)
        browser.acceptLanguage = "es-MX,es;q=0.9,en;q=0.5"
        return browser
    }

    @Test func pageWithoutAcceptLanguageIsEnglish() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/")
            #expect(page.text.contains(#"<html lang="en">"#) && page.text.contains("<h1>Sign in</h1>"))
        }
    }

    @Test func spanishAcceptLanguageGivesTheSpanishPage() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            let page = try await browser.get("/")
            #expect(page.text.contains(#"<html lang="es">"#) && page.text.contains("<h1>Iniciar sesión</h1>"))
        }
    }

    @Test func negotiatedPageSaysItVariesByAcceptLanguage() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            let page = try await browser.get("/claim")
            #expect(page.headers[values: .vary].contains("Accept-Language"))
        }
    }

    @Test func switchOffersTheOtherLanguageAndComesBackToThePage() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/forgot-username")
            #expect(page.text.contains(#"href="/language/es?back=/forgot-username" lang="es" hreflang="es">Español</a>"#))
            let response = try await browser.get("/language/es?back=/forgot-username")
            #expect(response.status == .seeOther && response.location == "/forgot-username")
        }
    }

    @Test func switchIsKeptForLaterPagesOverAcceptLanguage() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            try await browser.get("/language/en?back=/")
            let page = try await browser.get("/claim")
            #expect(page.text.contains(#"<html lang="en">"#) && page.text.contains("Step 1 of 3"))
        }
    }

    @Test func switchOnTheAnswerToAPostGoesBackToAPageThatExists() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            try await browser.get("/")
            let page = try await browser.post("/login", [("username", " ")])
            #expect(page.text.contains(#"href="/language/es?back=/""#))
        }
    }

    @Test func switchToAnUnknownLanguageIsNotFound() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/language/fr?back=/")
            #expect(response.status == .notFound)
        }
    }

    @Test func switchNeverLeadsOffTheServer() async throws {
        try await withApp { client, _ in
            var browser = Browser(client)
            let response = try await browser.get("/language/es?back=//evil.example/")
            #expect(response.location == "/")
        }
    }

    @Test func claimFailureIsSaidInSpanish() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            let page = try await browser.startClaim(last: "Nobody", first: "Here", id: "9999999")
            #expect(page.text.contains("No se pudo reclamar la cuenta.") && page.text.contains("Olvidé mi contraseña"))
        }
    }

    @Test func fieldProblemIsSaidInSpanish() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            let page = try await browser.startClaim(last: "Núñez", first: "José", id: "s1234567")
            #expect(page.text.contains("Solo números: quita la S."))
        }
    }

    @Test func questionsAndMonthsAreInSpanish() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            try await browser.choosePassword("correct horse battery")
            let page = try await browser.get("/claim/questions")
            #expect(page.text.contains("¿En qué mes naciste?") && page.text.contains(#"<option value="5">mayo</option>"#))
        }
    }

    @Test func passwordRulesAreInSpanish() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            let page = try await browser.get("/claim/password")
            #expect(page.text.contains("Al menos 8 caracteres (hasta 256)."))
        }
    }

    @Test func errorPageIsInSpanish() async throws {
        try await withApp { client, _ in
            var browser = spanish(client)
            let page = try await browser.get("/no-such-page")
            #expect(page.status == .notFound && page.text.contains("Página no encontrada"))
        }
    }

    @Test func configuredTranslationOfACustomQuestionIsShown() async throws {
        var config = testConfig()
        config.questions.append(ChallengeQuestion(id: "first_pet", prompt: "What was your first pet's name?",
                                                  prompts: ["es": "¿Cómo se llamaba tu primera mascota?"], kind: .freeText))
        try await withApp(config) { client, _ in
            var browser = spanish(client)
            try await browser.startClaim(last: "Núñez", first: "José", id: "1234567")
            try await browser.choosePassword("correct horse battery")
            let page = try await browser.get("/claim/questions")
            #expect(page.text.contains("¿Cómo se llamaba tu primera mascota?"))
        }
    }

    @Test func cachedFirstPageIsKeptApartByLanguage() async throws {
        try await withApp { client, _ in
            var english = Browser(client)
            var spanish = spanish(client)
            _ = try await english.get("/claim")
            let page = try await spanish.get("/claim")
            #expect(page.text.contains("Paso 1 de 3") && !page.text.contains("Step 1 of 3"))
        }
    }

    @Test func technicianConsoleIsInSpanish() async throws {
        try await withApp { client, database in
            var browser = try await AdminConsoleTests.staffBrowser(client, database, role: .technician)
            browser.acceptLanguage = "es"
            let page = try await browser.get("/admin/students/1234567")
            #expect(page.text.contains("Volver a la búsqueda"))
            #expect(page.text.contains("Restablecer el reclamo") && page.text.contains("sin reclamar"))
        }
    }
}
