import Foundation
import Testing
@testable import HomeroomWeb

/// Page models name their templates by `Template`; each case has its file, and each file its case.
@Suite struct TemplateTests {
    /// The page templates under `templates/`, partials aside, by path without `.mustache`.
    func templateFiles() -> Set<String> {
        var names = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: packageRoot.templates)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".mustache"), !path.hasPrefix("partials/") else { continue }
            names.insert(String(path.dropLast(".mustache".count)))
        }
        return names
    }

    @Test func everyTemplateCaseHasItsFile() {
        #expect(Set(Template.allCases.map(\.rawValue)).subtracting(templateFiles()).isEmpty)
    }

    @Test func everyPageTemplateFileHasItsCase() {
        #expect(templateFiles().subtracting(Template.allCases.map(\.rawValue)).isEmpty)
    }
}
