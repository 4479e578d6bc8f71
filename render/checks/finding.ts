/** What a check on the rendered objects reports: a problem (a violation of the plan) or a note. */
export interface Finding {
    /** Which check: `schema` or `wiring`. */
    check: "schema" | "wiring";
    /** The object the finding is about (`Kind namespace/name`), the violation's resource. */
    object: string;
    message: string;
}
