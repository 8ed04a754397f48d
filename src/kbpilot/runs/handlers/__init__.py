"""The run engine's own action handlers (form, notify, template) and the contract of every
handler (`base`); each system's handlers live in its package (`integrations.<system>.handlers`)."""
