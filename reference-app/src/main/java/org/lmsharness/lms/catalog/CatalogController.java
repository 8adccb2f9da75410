package org.lmsharness.lms.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.lmsharness.lms.iam.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/courses")
class CatalogController {

    private final Catalog catalog;

    CatalogController(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@code GET /api/courses?category=data&q=postgres+tuning&page=0&size=20} */
    @GetMapping
    Catalog.CoursePage list(@RequestParam(required = false) @Size(max = 50) String category,
                            @RequestParam(name = "q", required = false) @Size(max = 200) String query,
                            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return catalog.page(category == null || category.isBlank() ? null : category, query, page, size);
    }

    @GetMapping("/{id}")
    Catalog.CourseDetail detail(@PathVariable long id) {
        return catalog.require(id);
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    ResponseEntity<Catalog.CourseDetail> create(CurrentUser user, @Valid @RequestBody Catalog.CourseDraft draft) {
        long id = catalog.create(user, draft);
        return ResponseEntity.created(URI.create("/api/courses/" + id)).body(catalog.require(id));
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    Catalog.CourseDetail update(CurrentUser user, @PathVariable long id, @Valid @RequestBody Catalog.CourseDraft draft) {
        catalog.update(user, id, draft);
        return catalog.require(id);
    }

    @PostMapping("/{id}/lessons")
    @PreAuthorize("hasAnyRole('INSTRUCTOR', 'ADMIN')")
    ResponseEntity<Catalog.Lesson> addLesson(CurrentUser user, @PathVariable long id, @Valid @RequestBody Catalog.LessonDraft draft) {
        long lessonId = catalog.addLesson(user, id, draft);
        return ResponseEntity.created(URI.create("/api/courses/" + id)).body(catalog.requireLesson(id, lessonId));
    }
}
