// Settings that hold several entries in one text, the form azd can pass through main.parameters.json
// (a JSON value there would need every quote escaped). Imported by main.bicep; the infra tests evaluate
// these functions on sample texts with `bicep build-params`.

@export()
@description('"key=value;key=value" to an object. Blank entries and entries without "=" are skipped; a value may itself contain "=" (a URL\'s query).')
func entries(text string) object => toObject(
  filter(map(split(text, ';'), entry => trim(entry)), entry => contains(entry, '=')),
  entry => trim(substring(entry, 0, indexOf(entry, '='))),
  entry => trim(substring(entry, indexOf(entry, '=') + 1)))

@export()
@description('"source=email[,webhook];…" to [{ source, email, webhook }]: "webhook" marks a source whose group-chat webhook URL is kept in Key Vault.')
func contactsFrom(text string) array => map(items(entries(text)), contact => {
  source: contact.key
  email: trim(split(contact.value, ',')[0])
  webhook: contains(map(split(contact.value, ','), part => toLower(trim(part))), 'webhook')
})

@export()
@description('The Key Vault secret holding a source\'s webhook URL: secret names are ASCII, so it is named from a hash of the source.')
func contactSecretName(source string) string => 'contact-webhook-${uniqueString(source)}'
