"""ClaimReview JSON-LD on claim pages, checked against schema.org's and Google's definitions."""

import json
import re

import pytest
from test_build import ROOT, build, page

SITEURL = "https://factcheck.example.org/fc"

# Every property schema.org allows on each type, its own and inherited (schema.org release 30.0,
# data/releases/30.0/schemaorg-current-https-types.csv, column "properties").
SCHEMA = {
    "ClaimReview": """
    about abstract accessMode accessModeSufficient accessibilityAPI accessibilityControl accessibilityFeature
    accessibilityHazard accessibilitySummary accountablePerson acquireLicensePage additionalType
    aggregateRating alternateName alternativeHeadline archivedAt assesses associatedClaimReview
    associatedMedia associatedMediaReview associatedReview audience audio author award awards character
    citation claimReviewed comment commentCount conditionsOfAccess contentLocation contentRating
    contentReferenceTime contributor copyrightHolder copyrightNotice copyrightYear correction countryOfOrigin
    creativeWorkStatus creator creditText dateCreated dateModified datePublished description digitalSourceType
    disambiguatingDescription discussionUrl displayLocation editEIDR editor educationalAlignment
    educationalLevel educationalUse encoding encodingFormat encodings exampleOfWork expires fileFormat funder
    funding genre hasPart headline identifier image inLanguage interactionStatistic interactivityType
    interpretedAsClaim isAccessibleForFree isBasedOn isBasedOnUrl isFamilyFriendly isPartOf itemReviewed
    keywords learningResourceType license locationCreated mainEntity mainEntityOfPage maintainer material
    materialExtent mentions name negativeNotes offers owner pattern position positiveNotes potentialAction
    producer provider publication publisher publisherImprint publishingPrinciples recordedAt releasedEvent
    review reviewAspect reviewBody reviewRating reviews sameAs schemaVersion sdDatePublished sdLicense
    sdPublisher size sourceOrganization spatial spatialCoverage sponsor subjectOf teaches temporal
    temporalCoverage text thumbnail thumbnailUrl timeRequired translationOfWork translator typicalAgeRange url
    usageInfo version video wordCount workExample workTranslation
    """.split(),
    "Claim": """
    about abstract accessMode accessModeSufficient accessibilityAPI accessibilityControl accessibilityFeature
    accessibilityHazard accessibilitySummary accountablePerson acquireLicensePage additionalType
    aggregateRating alternateName alternativeHeadline appearance archivedAt assesses associatedMedia audience
    audio author award awards character citation claimInterpreter comment commentCount conditionsOfAccess
    contentLocation contentRating contentReferenceTime contributor copyrightHolder copyrightNotice
    copyrightYear correction countryOfOrigin creativeWorkStatus creator creditText dateCreated dateModified
    datePublished description digitalSourceType disambiguatingDescription discussionUrl displayLocation
    editEIDR editor educationalAlignment educationalLevel educationalUse encoding encodingFormat encodings
    exampleOfWork expires fileFormat firstAppearance funder funding genre hasPart headline identifier image
    inLanguage interactionStatistic interactivityType interpretedAsClaim isAccessibleForFree isBasedOn
    isBasedOnUrl isFamilyFriendly isPartOf keywords learningResourceType license locationCreated mainEntity
    mainEntityOfPage maintainer material materialExtent mentions name offers owner pattern position
    potentialAction producer provider publication publisher publisherImprint publishingPrinciples recordedAt
    releasedEvent review reviews sameAs schemaVersion sdDatePublished sdLicense sdPublisher size
    sourceOrganization spatial spatialCoverage sponsor subjectOf teaches temporal temporalCoverage text
    thumbnail thumbnailUrl timeRequired translationOfWork translator typicalAgeRange url usageInfo version
    video wordCount workExample workTranslation
    """.split(),
    "Rating": """
    additionalType alternateName author bestRating description disambiguatingDescription identifier image
    mainEntityOfPage name owner potentialAction ratingExplanation ratingValue reviewAspect sameAs subjectOf
    url worstRating
    """.split(),
    "Organization": """
    acceptedPaymentMethod actionableFeedbackPolicy additionalType address agentInteractionStatistic
    aggregateRating alternateName alumni areaServed award awards brand companyRegistration contactPoint
    contactPoints correctionsPolicy department description disambiguatingDescription dissolutionDate
    diversityPolicy diversityStaffingReport duns email employee employees ethicsPolicy event events faxNumber
    founder founders foundingDate foundingLocation funder funding globalLocationNumber hasCertification
    hasCredential hasGS1DigitalLink hasMemberProgram hasMerchantReturnPolicy hasOfferCatalog hasPOS
    hasProductReturnPolicy hasShippingService identifier image interactionStatistic isicV4 iso6523Code
    keywords knowsAbout knowsLanguage legalAddress legalName legalRepresentative leiCode location logo
    mainEntityOfPage makesOffer member memberOf members naics name nonprofitStatus numberOfEmployees owner
    ownershipFundingInfo owns parentOrganization potentialAction publishingPrinciples review reviews sameAs
    seeks serviceArea skills slogan sponsor subOrganization subjectOf taxID telephone unnamedSourcesPolicy url
    vatID
    """.split(),
    "Person": """
    additionalName additionalType address affiliation agentInteractionStatistic alternateName alumniOf award
    awards birthDate birthPlace brand callSign children colleague colleagues contactPoint contactPoints
    deathDate deathPlace description disambiguatingDescription duns email familyName faxNumber follows funder
    funding gender givenName globalLocationNumber hasCertification hasCredential hasOccupation hasOfferCatalog
    hasPOS height homeLocation honorificPrefix honorificSuffix identifier image interactionStatistic isicV4
    jobTitle knows knowsAbout knowsLanguage lifeEvent mainEntityOfPage makesOffer memberOf naics name
    nationality netWorth owner owns parent parents performerIn potentialAction pronouns publishingPrinciples
    relatedTo sameAs seeks sibling siblings skills sponsor spouse subjectOf taxID telephone url vatID weight
    workLocation worksFor
    """.split(),
    "CreativeWork": """
    about abstract accessMode accessModeSufficient accessibilityAPI accessibilityControl accessibilityFeature
    accessibilityHazard accessibilitySummary accountablePerson acquireLicensePage additionalType
    aggregateRating alternateName alternativeHeadline archivedAt assesses associatedMedia audience audio
    author award awards character citation comment commentCount conditionsOfAccess contentLocation
    contentRating contentReferenceTime contributor copyrightHolder copyrightNotice copyrightYear correction
    countryOfOrigin creativeWorkStatus creator creditText dateCreated dateModified datePublished description
    digitalSourceType disambiguatingDescription discussionUrl displayLocation editEIDR editor
    educationalAlignment educationalLevel educationalUse encoding encodingFormat encodings exampleOfWork
    expires fileFormat funder funding genre hasPart headline identifier image inLanguage interactionStatistic
    interactivityType interpretedAsClaim isAccessibleForFree isBasedOn isBasedOnUrl isFamilyFriendly isPartOf
    keywords learningResourceType license locationCreated mainEntity mainEntityOfPage maintainer material
    materialExtent mentions name offers owner pattern position potentialAction producer provider publication
    publisher publisherImprint publishingPrinciples recordedAt releasedEvent review reviews sameAs
    schemaVersion sdDatePublished sdLicense sdPublisher size sourceOrganization spatial spatialCoverage
    sponsor subjectOf teaches temporal temporalCoverage text thumbnail thumbnailUrl timeRequired
    translationOfWork translator typicalAgeRange url usageInfo version video wordCount workExample
    workTranslation
    """.split(),}
# Google's structured-data guide for ClaimReview (developers.google.com/search/docs/appearance/structured-data/factcheck)
GOOGLE_REQUIRED = {"ClaimReview": {"claimReviewed", "reviewRating", "url"}, "Rating": {"alternateName"}}


def schema_errors(node, where="ClaimReview"):
    """Every property that schema.org does not define on its node's @type, and every required one missing."""
    if isinstance(node, list):
        return [error for index, item in enumerate(node) for error in schema_errors(item, f"{where}[{index}]")]
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    errors = [f"{where}: unknown @type {kind!r}"] if kind not in SCHEMA else []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if kind in SCHEMA and key not in SCHEMA[kind]:
            errors.append(f"{where}: {kind} has no property {key!r}")
        errors.extend(schema_errors(value, f"{where}.{key}"))
    errors.extend(f"{where}: {kind} lacks {key!r}" for key in sorted(GOOGLE_REQUIRED.get(kind, set()) - set(node)))
    return errors


@pytest.fixture(scope="module")
def published_site(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("claim-review") / "output", SITEURL=SITEURL,
                 RELATIVE_URLS=False, CROSSCHECK_PUBLISHER_NAME="Example Fact Check")


def reviews(site):
    data = json.loads((site / "api" / "factcheck.json").read_text())
    found = {}
    for group in data["groups"]:
        for tag in page(site / group["page"] / "index.html").find_all("script", type="application/ld+json"):
            found[group["id"]] = json.loads(tag.string)
    return data, found


def test_the_validator_finds_what_schema_org_and_google_do_not_allow():
    review = {"@type": "ClaimReview", "url": "https://a.example/", "claimReviewed": "x", "claimant": "y",
              "reviewRating": {"@type": "Rating", "ratingValue": 1}, "itemReviewed": {"@type": "Claim", "speaker": "z"}}
    assert schema_errors(review) == [
        "ClaimReview: ClaimReview has no property 'claimant'",
        "ClaimReview.reviewRating: Rating lacks 'alternateName'",
        "ClaimReview.itemReviewed: Claim has no property 'speaker'",
    ]


def test_every_claim_review_uses_only_schema_org_properties_and_has_googles_required_ones(published_site):
    data, found = reviews(published_site)
    assert set(found) == {group["id"] for group in data["groups"] if group["verdict"]} and found
    for group_id, review in found.items():
        assert schema_errors(review) == [], group_id
        assert review["url"] == f"{SITEURL}/{next(g['page'] for g in data['groups'] if g['id'] == group_id)}"
        assert review["author"]["name"] and review["publisher"] == {
            "@type": "Organization", "name": "Example Fact Check", "url": SITEURL}


def test_the_claimant_date_and_reviewed_claim(published_site):
    data, found = reviews(published_site)
    sources = {source["id"]: source for source in data["sources"]}
    by_title = {annotation["title"]: annotation for annotation in data["annotations"]}
    isw = found[by_title['Belarus joining the war "remains unlikely"']["target"]]
    # Claim-Reviewed: in the annotation, not the first sentence cut short
    assert isw["claimReviewed"] == "ISW says Belarus joining the war against Ukraine remains unlikely"
    # every sentence credits the institute, an organization by its entity file
    assert isw["itemReviewed"]["author"] == {"@type": "Organization", "name": "Institute for the Study of War"}
    readiness = found[by_title["When did the surprise readiness check start?"]["target"]]
    assert "author" not in readiness["itemReviewed"] and readiness["claimReviewed"].endswith("…")
    for review in (isw, readiness):
        first = next(s for s in sources.values() if f"{SITEURL}/{s['page']}" == review["itemReviewed"]["firstAppearance"]["url"]
                     or s["url"] == review["itemReviewed"]["firstAppearance"]["url"])
        assert review["itemReviewed"]["datePublished"] == (first["reference_date"] or first["published"])


def test_publishing_without_an_absolute_siteurl_stops_with_a_clear_message(tmp_path, monkeypatch, caplog):
    from invoke import Context

    import tasks

    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the last good site")
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CROSSCHECK_SITEURL", raising=False)
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(output))
    monkeypatch.setitem(tasks.CONFIG, "rsync_target", "")
    with pytest.raises(SystemExit):
        tasks.publish(Context())
    assert re.search(r"SITEURL is '', but this build is for publishing .* CROSSCHECK_SITEURL", caplog.text)
    assert (output / "index.html").read_text() == "the last good site"
