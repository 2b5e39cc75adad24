import HomeroomCore

/// A page with the three roster fields (Claim step 1, Forgot Username) and their problems.
protocol RosterFieldsPage {
    var lastNameError: String? { get set }
    var firstNameError: String? { get set }
    var studentIDError: String? { get set }
    var hasFieldErrors: Bool { get set }
}

extension RosterFieldsPage {
    /// Puts each field's problem beside its field, in the page's language.
    mutating func show(_ problems: FormProblems, _ t: Messages) {
        lastNameError = problems.fields["last_name"].map(t.text)
        firstNameError = problems.fields["first_name"].map(t.text)
        studentIDError = problems.fields["student_id"].map(t.text)
        hasFieldErrors = true
    }
}
