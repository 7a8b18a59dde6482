/// How the learner answers in a drill.
public enum DrillMode: String, Sendable, CaseIterable {
    /// Type the rhythm's name, id or alias, or its number in the list.
    case name
    /// Choose one of five options: the answer and its documented confusions.
    case multipleChoice = "multiple-choice"
}
