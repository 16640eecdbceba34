from django.urls import path

from programmes.views import companies, events, privacy, region, search, survey, users

app_name = "programmes"

urlpatterns = [
    path("region/", region.region, name="region"),
    path("search/", search.site_search, name="search"),
    path("companies/lookup/", search.company_lookup, name="company-lookup"),
    # Companies and their parts
    path("companies/", companies.company_list, name="company-list"),
    path("companies/new/", companies.company_create, name="company-create"),
    path("companies/leads/", companies.company_leads, name="company-leads"),
    path("companies/survey/", survey.survey_contacts, name="survey-contacts"),
    path("companies/<int:pk>/", companies.company_detail, name="company-detail"),
    path("companies/<int:pk>/edit/", companies.company_edit, name="company-edit"),
    path("companies/<int:pk>/history/", companies.company_history, name="company-history"),
    path(
        "companies/<int:pk>/registry/",
        companies.company_registry_check,
        name="company-registry-check",
    ),
    path(
        "companies/<int:pk>/accounts/",
        companies.company_accounts_fetch,
        name="company-accounts-fetch",
    ),
    path(
        "companies/<int:pk>/accounts/<int:year>/choose/",
        companies.key_figures_choose,
        name="key-figures-choose",
    ),
    path(
        "companies/<int:pk>/contacts/new/",
        companies.contact_person_create,
        name="contact-person-create",
    ),
    path(
        "companies/<int:company_pk>/contacts/<int:pk>/edit/",
        companies.contact_person_edit,
        name="contact-person-edit",
    ),
    path(
        "companies/<int:company_pk>/contacts/<int:pk>/delete/",
        companies.contact_person_delete,
        name="contact-person-delete",
    ),
    path(
        "companies/<int:pk>/key-figures/new/",
        companies.key_figures_create,
        name="key-figures-create",
    ),
    path(
        "companies/<int:company_pk>/key-figures/<int:pk>/edit/",
        companies.key_figures_edit,
        name="key-figures-edit",
    ),
    path(
        "companies/<int:company_pk>/key-figures/<int:pk>/delete/",
        companies.key_figures_delete,
        name="key-figures-delete",
    ),
    path(
        "companies/<int:pk>/enrolments/new/",
        companies.enrolment_create,
        name="enrolment-create",
    ),
    path(
        "companies/<int:company_pk>/enrolments/<int:pk>/edit/",
        companies.enrolment_edit,
        name="enrolment-edit",
    ),
    # Events and their participants
    path("events/", events.event_list, name="event-list"),
    path("events/new/", events.event_create, name="event-create"),
    path("events/<int:pk>/", events.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/participants/", events.participant_add, name="participant-add"),
    path(
        "events/<int:event_pk>/participants/<int:pk>/remove/",
        events.participant_remove,
        name="participant-remove",
    ),
    # One person's data: access and erasure (managers)
    path("people/", privacy.person_search, name="person-search"),
    path("people/export.json", privacy.person_export, name="person-export"),
    path("people/erase/", privacy.person_erase_view, name="person-erase"),
    # The næringshage's staff users (managers)
    path("users/", users.user_list, name="user-list"),
    path("users/invite/", users.user_invite, name="user-invite"),
    path("users/<int:pk>/", users.user_edit, name="user-edit"),
    path("users/<int:pk>/invite-again/", users.user_invite_again, name="user-invite-again"),
    path("users/<int:pk>/history/", users.user_history, name="user-history"),
]
